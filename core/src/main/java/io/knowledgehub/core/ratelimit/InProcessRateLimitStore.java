package io.knowledgehub.core.ratelimit;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The standalone {@link RateLimitStore}: counters in a map, one entry per key holding only its current window.
 * Memory stays bounded: entries of ended windows are swept at most once a second, and past
 * {@link #DEFAULT_MAX_KEYS} live keys a new key is not counted (its requests pass) until the next window frees room.
 */
@ApplicationScoped
@DefaultBean
public class InProcessRateLimitStore implements RateLimitStore {

    public static final int DEFAULT_MAX_KEYS = 100_000;
    private static final long SWEEP_EVERY_MS = 1000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final LongSupplier clockMs;
    private final AtomicLong nextSweep = new AtomicLong();

    public InProcessRateLimitStore() {
        this(DEFAULT_MAX_KEYS, System::currentTimeMillis);
    }

    public InProcessRateLimitStore(int maxKeys, LongSupplier clockMs) {
        this.maxKeys = maxKeys;
        this.clockMs = clockMs;
    }

    private record Window(long end, long count) {
    }

    @Override
    public CompletionStage<Optional<WindowCount>> increment(String key, Duration window) {
        long now = clockMs.getAsLong();
        long length = Math.max(1, window.toMillis());
        long end = (Math.floorDiv(now, length) + 1) * length;
        sweep(now);
        if (windows.size() >= maxKeys && !windows.containsKey(key)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Window w = windows.compute(key, (k, old) -> old == null || old.end() <= now || old.end() != end
                ? new Window(end, 1) : new Window(end, old.count() + 1));
        return CompletableFuture.completedFuture(Optional.of(new WindowCount(w.count(), Duration.ofMillis(w.end() - now))));
    }

    /** Keys tracked now (ended windows not yet swept included). */
    public int size() {
        return windows.size();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MS)) {
            windows.values().removeIf(w -> w.end() <= now);
        }
    }
}
