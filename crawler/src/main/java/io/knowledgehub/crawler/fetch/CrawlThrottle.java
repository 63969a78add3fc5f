package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.InProcessHostThrottle;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Politeness of one crawl towards the one host it talks to. With a crawl delay, one request at a time and request
 * starts spaced by the delay; without one, up to {@code parallelism} requests at once. A 429/503 answer pauses every
 * request of the crawl until its Retry-After has passed. Waiting is interruptible, so a cancelled crawl does not sit
 * out a delay.
 *
 * <p>The spacing between requests is reserved through the {@link HostThrottle} port, keyed by the host (and its port
 * when one is given): every crawl of that host in this process (in-process throttle) or in every crawler replica
 * (Redis throttle, cluster mode) takes its slots from the same schedule, so two crawls of one site are polite
 * together. The crawl's own spacing is kept too, so a port that cannot be reached (Redis down) leaves this crawl as
 * polite on its own as before.
 */
public final class CrawlThrottle {

    private static final Logger LOG = Logger.getLogger(CrawlThrottle.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicLong LAST_WARNING = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private final HostThrottle hosts;
    private final String host;
    private final Semaphore permits;
    private final long delayNanos;
    private final int parallelism;
    private final Object lock = new Object();
    /** {@link System#nanoTime()} before which no request may start (delay spacing and Retry-After pauses). */
    private long notBefore;
    /** {@link System#nanoTime()} of the last request start. */
    private long lastStart;

    private CrawlThrottle(HostThrottle hosts, String host, Duration delay, int parallelism, long notBefore, long lastStart) {
        this.hosts = hosts;
        this.host = host;
        this.delayNanos = Math.max(0, delay.toNanos());
        this.parallelism = delayNanos > 0 ? 1 : Math.max(1, parallelism);
        this.permits = new Semaphore(this.parallelism, true);
        long spaced = lastStart + delayNanos;
        this.notBefore = spaced - notBefore > 0 ? spaced : notBefore;
        this.lastStart = lastStart;
    }

    /**
     * @param hosts       the shared schedule of fetch slots per host
     * @param host        the key in {@code hosts}: see {@link #hostKey(String)}
     * @param parallelism requests at once when {@code delay} is zero; with a delay it is always one
     */
    public static CrawlThrottle of(HostThrottle hosts, String host, Duration delay, int parallelism) {
        long now = System.nanoTime();
        return new CrawlThrottle(hosts, host, delay, parallelism, now, now - delay.toNanos());
    }

    /** A throttle of its own (a fresh in-process schedule): for tests and tools that crawl one site. */
    public static CrawlThrottle of(Duration delay, int parallelism) {
        return of(new InProcessHostThrottle(), "localhost", delay, parallelism);
    }

    /** The politeness key of a URL's host: the host name lower-cased, with the port when the URL names one. */
    public static String hostKey(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
        return host.toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /**
     * A throttle with another delay that still honours the spacing and pauses of this one: the crawl starts with
     * the source's delay for robots.txt and switches once robots.txt's Crawl-delay is known.
     */
    public CrawlThrottle withDelay(Duration delay, int parallelism) {
        synchronized (lock) {
            return new CrawlThrottle(hosts, host, delay, parallelism, notBefore, lastStart);
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
            long shared = sharedSlot();
            if (shared > 0) {
                TimeUnit.MILLISECONDS.sleep(shared);
                synchronized (lock) {
                    long start = System.nanoTime();
                    lastStart = start;
                    if (delayNanos > 0 && start + delayNanos - notBefore > 0) {
                        notBefore = start + delayNanos;
                    }
                }
            }
        } catch (InterruptedException e) {
            permits.release();
            throw e;
        }
    }

    /** Milliseconds until the slot reserved for this request in the host's shared schedule. */
    private long sharedSlot() {
        try {
            return hosts.acquire(host, Duration.ofNanos(delayNanos));
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long last = LAST_WARNING.get();
            if (now - last >= WARN_EVERY_NANOS && LAST_WARNING.compareAndSet(last, now)) {
                LOG.warnf("Crawl politeness: the shared host schedule cannot be reached (%s); each crawl spaces its own "
                        + "requests meanwhile", e.toString());
            }
            return 0;
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
