package io.knowledgehub.crawler.fetch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HostThrottleTest {

    @Test
    void spaces_request_starts_by_the_delay() throws InterruptedException {
        HostThrottle throttle = HostThrottle.of(Duration.ofMillis(100), 8);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            throttle.acquire();
            throttle.release();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(throttle.parallelism()).isEqualTo(1);
    }

    @Test
    void without_delay_allows_parallel_requests_up_to_the_limit() throws InterruptedException {
        HostThrottle throttle = HostThrottle.of(Duration.ZERO, 3);
        for (int i = 0; i < 3; i++) {
            throttle.acquire();
        }
        Thread fourth = Thread.ofVirtual().start(() -> {
            try {
                throttle.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        fourth.join(200);

        assertThat(fourth.isAlive()).as("the fourth request waits").isTrue();
        throttle.release();
        fourth.join(2000);
        assertThat(fourth.isAlive()).isFalse();
    }

    @Test
    void a_pause_holds_back_the_next_request() throws InterruptedException {
        HostThrottle throttle = HostThrottle.of(Duration.ZERO, 4);
        throttle.pause(Duration.ofMillis(200));
        long start = System.nanoTime();

        throttle.acquire();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void a_new_delay_counts_from_the_last_request_of_the_previous_throttle() throws InterruptedException {
        HostThrottle first = HostThrottle.of(Duration.ZERO, 4);
        first.acquire();
        first.release();
        HostThrottle second = first.withDelay(Duration.ofMillis(200), 4);
        long start = System.nanoTime();

        second.acquire();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void waiting_is_interruptible() throws InterruptedException {
        HostThrottle throttle = HostThrottle.of(Duration.ofSeconds(30), 1);
        throttle.acquire();
        throttle.release();
        boolean[] interrupted = {false};
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                throttle.acquire();
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        });
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join(2000);

        assertThat(interrupted[0]).isTrue();
    }
}
