package io.knowledgehub.core.crawl;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link HostThrottle} must have. An adapter's test extends this class; a shared throttle
 * also says how a second crawler process reaches the same reservations.
 */
public abstract class HostThrottleContract {

    /** A throttle with no reservations yet. */
    protected abstract HostThrottle newThrottle();

    /** Another crawler process's handle on {@code throttle}'s reservations. */
    protected HostThrottle anotherReplica(HostThrottle throttle) {
        return throttle;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void the_first_fetch_from_a_host_waits_nothing_and_the_next_waits_the_interval() {
        HostThrottle throttle = newThrottle();
        long start = System.nanoTime();
        assertThat(throttle.acquire("docs.example.com", Duration.ofSeconds(1))).isZero();
        long wait = throttle.acquire("docs.example.com", Duration.ofSeconds(1));
        long elapsed = ms(System.nanoTime() - start);
        assertThat(wait).isBetween(1_000 - elapsed - 2, 1_000L);
    }

    @Test
    void hosts_have_their_own_slots_and_names_ignore_case() {
        HostThrottle throttle = newThrottle();
        assertThat(throttle.acquire("Docs.Example.com", Duration.ofSeconds(10))).isZero();
        assertThat(throttle.acquire("api.example.com", Duration.ofSeconds(10))).isZero();
        assertThat(throttle.acquire("docs.example.com", Duration.ofSeconds(10))).isBetween(8_000L, 10_000L);
    }

    @Test
    void once_the_interval_passed_the_next_fetch_waits_nothing() throws Exception {
        HostThrottle throttle = newThrottle();
        throttle.acquire("docs.example.com", Duration.ofMillis(100));
        Thread.sleep(200);
        assertThat(throttle.acquire("docs.example.com", Duration.ofMillis(100))).isZero();
    }

    @Test
    void a_zero_interval_waits_for_earlier_reservations_but_reserves_nothing() {
        HostThrottle throttle = newThrottle();
        long start = System.nanoTime();
        assertThat(throttle.acquire("docs.example.com", Duration.ofMillis(800))).isZero();
        long first = throttle.acquire("docs.example.com", Duration.ZERO);
        long second = throttle.acquire("docs.example.com", Duration.ZERO);
        long third = throttle.acquire("docs.example.com", Duration.ofMillis(800));
        long elapsed = ms(System.nanoTime() - start);
        assertThat(first).isBetween(800 - elapsed - 2, 800L);
        assertThat(second).isBetween(800 - elapsed - 2, 800L);
        assertThat(third).as("the zero-interval calls left the slot where it was").isBetween(800 - elapsed - 2, 800L);
        assertThat(throttle.acquire("docs.example.com", Duration.ZERO)).as("after the 800 ms reservation").isGreaterThan(third);
    }

    @Test
    void replicas_and_threads_get_distinct_slots_spaced_by_the_interval() throws Exception {
        HostThrottle throttle = newThrottle();
        HostThrottle other = anotherReplica(throttle);
        Duration interval = Duration.ofMillis(100);
        record Slot(long estimateNanos, long callNanos) {
        }
        ConcurrentLinkedQueue<Slot> slots = new ConcurrentLinkedQueue<>();
        int threads = 4;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HostThrottle replica = t % 2 == 0 ? throttle : other;
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        long before = System.nanoTime();
                        long wait = replica.acquire("docs.example.com", interval);
                        long after = System.nanoTime();
                        slots.add(new Slot(before + TimeUnit.MILLISECONDS.toNanos(wait), after - before));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Slot> sorted = slots.stream().sorted(Comparator.comparingLong(Slot::estimateNanos)).toList();
        assertThat(sorted).hasSize(threads * each);
        for (int i = 1; i < sorted.size(); i++) {
            Slot a = sorted.get(i - 1);
            Slot b = sorted.get(i);
            // each estimate is off by at most its call's duration (plus the rounding to milliseconds)
            long tolerance = a.callNanos() + b.callNanos() + TimeUnit.MILLISECONDS.toNanos(2);
            assertThat(b.estimateNanos() - a.estimateNanos()).as("slots %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(interval.toNanos() - tolerance);
        }
    }
}
