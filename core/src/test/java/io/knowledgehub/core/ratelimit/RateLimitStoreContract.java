package io.knowledgehub.core.ratelimit;

import io.knowledgehub.core.ratelimit.RateLimitStore.WindowCount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@link RateLimitStore} contract; every implementation's test extends it. */
public abstract class RateLimitStoreContract {

    /** Long enough that no test here sees its window end (windows are aligned on the clock). */
    protected static final Duration HOUR = Duration.ofHours(1);

    /** A store ready to count; keys from earlier tests may remain (every test uses keys of its own). */
    protected abstract RateLimitStore newStore();

    /**
     * A store whose backend has gone away after it was created (its server stopped), or null where that cannot
     * happen (in process).
     */
    protected RateLimitStore storeWithBackendDown() {
        return null;
    }

    protected static Optional<WindowCount> hit(RateLimitStore store, String key, Duration window) {
        return store.increment(key, window).toCompletableFuture().join();
    }

    private static String key() {
        return "test:" + UUID.randomUUID();
    }

    @Test
    void counts_each_request_of_a_key_within_its_window() {
        RateLimitStore store = newStore();
        String key = key();
        for (int i = 1; i <= 5; i++) {
            WindowCount c = hit(store, key, HOUR).orElseThrow();
            assertThat(c.count()).isEqualTo(i);
            assertThat(c.resetIn()).isPositive().isLessThanOrEqualTo(HOUR);
        }
    }

    @Test
    void counts_keys_apart() {
        RateLimitStore store = newStore();
        String a = key();
        String b = key();
        hit(store, a, HOUR);
        hit(store, a, HOUR);
        assertThat(hit(store, a, HOUR).orElseThrow().count()).isEqualTo(3);
        assertThat(hit(store, b, HOUR).orElseThrow().count()).isEqualTo(1);
        assertThat(hit(store, "other:" + a, HOUR).orElseThrow().count()).isEqualTo(1);
    }

    @Test
    void starts_counting_again_when_the_window_ends() throws Exception {
        RateLimitStore store = newStore();
        String key = key();
        Duration window = Duration.ofMillis(500);
        hit(store, key, window);
        WindowCount before = hit(store, key, window).orElseThrow();
        assertThat(before.count()).isGreaterThanOrEqualTo(1);
        // wait for the end of the window the store reported, then a little more for clock granularity
        Thread.sleep(before.resetIn().toMillis() + 20);
        long count = hit(store, key, window).orElseThrow().count();
        for (int i = 0; i < 50 && count != 1; i++) { // a slow machine may have run past the next window's first hit
            Thread.sleep(window.toMillis());
            count = hit(store, key, window).orElseThrow().count();
        }
        assertThat(count).as("the first request of a new window").isEqualTo(1);
    }

    @Test
    void counts_concurrent_requests_exactly_once_each() throws Exception {
        RateLimitStore store = newStore();
        String key = key();
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    List<Long> seen = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        seen.add(hit(store, key, HOUR).orElseThrow().count());
                    }
                    return seen;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread)
                    .allMatch(c -> c >= 1 && c <= threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(hit(store, key, HOUR).orElseThrow().count()).isEqualTo(threads * perThread + 1);
    }

    @Test
    void answers_empty_without_failing_when_it_cannot_count() {
        RateLimitStore store = storeWithBackendDown();
        assumeTrue(store != null, "this store has no backend that can go away");
        for (int i = 0; i < 3; i++) {
            assertThat(hit(store, key(), HOUR)).isEmpty();
        }
    }
}
