package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.InProcessHostThrottle;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CrawlThrottleTest {

    @Test
    void spaces_request_starts_by_the_delay() throws InterruptedException {
        CrawlThrottle throttle = CrawlThrottle.of(Duration.ofMillis(100), 8);
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
        CrawlThrottle throttle = CrawlThrottle.of(Duration.ZERO, 3);
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
        CrawlThrottle throttle = CrawlThrottle.of(Duration.ZERO, 4);
        throttle.pause(Duration.ofMillis(200));
        long start = System.nanoTime();

        throttle.acquire();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void a_new_delay_counts_from_the_last_request_of_the_previous_throttle() throws InterruptedException {
        CrawlThrottle first = CrawlThrottle.of(Duration.ZERO, 4);
        first.acquire();
        first.release();
        CrawlThrottle second = first.withDelay(Duration.ofMillis(200), 4);
        long start = System.nanoTime();

        second.acquire();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void two_crawls_of_one_host_share_its_schedule_through_the_port() throws InterruptedException {
        HostThrottle hosts = new InProcessHostThrottle();
        CrawlThrottle one = CrawlThrottle.of(hosts, "docs.example:8080", Duration.ofMillis(100), 1);
        CrawlThrottle two = CrawlThrottle.of(hosts, "docs.example:8080", Duration.ofMillis(100), 1);
        CrawlThrottle otherHost = CrawlThrottle.of(hosts, "docs.example:8081", Duration.ofMillis(100), 1);
        long start = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            one.acquire();
            one.release();
            two.acquire();
            two.release();
        }
        Duration together = Duration.ofNanos(System.nanoTime() - start);
        long otherStart = System.nanoTime();
        otherHost.acquire();
        otherHost.release();

        // four request starts one interval apart: at least three intervals, although each crawl alone needs one
        assertThat(together).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(Duration.ofNanos(System.nanoTime() - otherStart)).isLessThan(Duration.ofMillis(90));
    }

    @Test
    void host_keys_are_lower_case_with_the_port_when_given() {
        assertThat(CrawlThrottle.hostKey("https://Docs.Example.org/guide/")).isEqualTo("docs.example.org");
        assertThat(CrawlThrottle.hostKey("http://127.0.0.1:8123/a")).isEqualTo("127.0.0.1:8123");
    }

    @Test
    void waiting_is_interruptible() throws InterruptedException {
        CrawlThrottle throttle = CrawlThrottle.of(Duration.ofSeconds(30), 1);
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
