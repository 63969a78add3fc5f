package io.knowledgehub.core.crawl;

import java.time.Duration;

/**
 * Port: politeness towards one web host shared by every crawler that fetches from it. Each call reserves the next
 * fetch slot for the host, at least {@code minInterval} after the slot reserved before it, and says how long the
 * caller waits before fetching. Slots are never handed out twice, also when several crawler processes share the
 * implementation.
 *
 * <p>Contract: thread-safe; host names are compared without regard to case; a zero interval reserves nothing for
 * later callers but still waits for slots reserved earlier with a longer interval.
 */
public interface HostThrottle {

    /** @return milliseconds to wait before fetching from {@code host} (0: fetch now) */
    long acquire(String host, Duration minInterval);
}
