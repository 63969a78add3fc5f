package io.knowledgehub.crawler.fetch;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Politeness towards the one host a crawl talks to. With a crawl delay, one request at a time and request starts
 * spaced by the delay; without one, up to {@code parallelism} requests at once. A 429/503 answer pauses every
 * request until its Retry-After has passed. Waiting is interruptible, so a cancelled crawl does not sit out a delay.
 */
public final class HostThrottle {

    private final Semaphore permits;
    private final long delayNanos;
    private final int parallelism;
    private final Object lock = new Object();
    /** {@link System#nanoTime()} before which no request may start (delay spacing and Retry-After pauses). */
    private long notBefore;
    /** {@link System#nanoTime()} of the last request start. */
    private long lastStart;

    private HostThrottle(Duration delay, int parallelism, long notBefore, long lastStart) {
        this.delayNanos = Math.max(0, delay.toNanos());
        this.parallelism = delayNanos > 0 ? 1 : Math.max(1, parallelism);
        this.permits = new Semaphore(this.parallelism, true);
        long spaced = lastStart + delayNanos;
        this.notBefore = spaced - notBefore > 0 ? spaced : notBefore;
        this.lastStart = lastStart;
    }

    /** @param parallelism requests at once when {@code delay} is zero; with a delay it is always one */
    public static HostThrottle of(Duration delay, int parallelism) {
        long now = System.nanoTime();
        return new HostThrottle(delay, parallelism, now, now - delay.toNanos());
    }

    /**
     * A throttle with another delay that still honours the spacing and pauses of this one: the crawl starts with
     * the source's delay for robots.txt and switches once robots.txt's Crawl-delay is known.
     */
    public HostThrottle withDelay(Duration delay, int parallelism) {
        synchronized (lock) {
            return new HostThrottle(delay, parallelism, notBefore, lastStart);
        }
    }

    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /** Requests that may run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Blocks until a request may start; pair with {@link #release()}. */
    public void acquire() throws InterruptedException {
        permits.acquire();
        try {
            long wait;
            synchronized (lock) {
                long now = System.nanoTime();
                long start = notBefore - now > 0 ? notBefore : now;
                lastStart = start;
                if (delayNanos > 0) {
                    notBefore = start + delayNanos;
                }
                wait = start - now;
            }
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            permits.release();
            throw e;
        }
    }

    public void release() {
        permits.release();
    }

    /** No request starts before {@code wait} has passed (a server's Retry-After). */
    public void pause(Duration wait) {
        synchronized (lock) {
            long until = System.nanoTime() + wait.toNanos();
            if (until - notBefore > 0) {
                notBefore = until;
            }
        }
    }
}
