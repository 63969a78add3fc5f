package io.knowledgehub.core.crawl;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The standalone {@link HostThrottle}: the next free slot per host, in this process's memory. */
@ApplicationScoped
@DefaultBean
public class InProcessHostThrottle implements HostThrottle {

    private static final int PRUNE_ABOVE = 1024;

    /** Host → {@link System#nanoTime()} of its next free slot. */
    private final ConcurrentHashMap<String, Long> nextSlot = new ConcurrentHashMap<>();

    @Override
    public long acquire(String host, Duration minInterval) {
        long interval = Math.max(0, minInterval.toNanos());
        long now = System.nanoTime();
        long[] slot = new long[1];
        nextSlot.compute(host.toLowerCase(Locale.ROOT), (h, next) -> {
            long start = next != null && next - now > 0 ? next : now;
            slot[0] = start;
            long after = start + interval;
            return after - now > 0 ? after : null;
        });
        if (nextSlot.size() > PRUNE_ABOVE) {
            nextSlot.values().removeIf(next -> next - now <= 0); // hosts whose slots have all passed
        }
        return TimeUnit.NANOSECONDS.toMillis(slot[0] - now + TimeUnit.MILLISECONDS.toNanos(1) - 1);
    }
}
