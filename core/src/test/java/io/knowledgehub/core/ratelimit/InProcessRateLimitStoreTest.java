package io.knowledgehub.core.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessRateLimitStoreTest extends RateLimitStoreContract {

    @Override
    protected RateLimitStore newStore() {
        return new InProcessRateLimitStore();
    }

    @Test
    void windows_are_aligned_on_the_clock() {
        AtomicLong now = new AtomicLong(60_000 * 1000 + 43_000);
        InProcessRateLimitStore store = new InProcessRateLimitStore(10, now::get);
        assertThat(hit(store, "k", Duration.ofMinutes(1)).orElseThrow().resetIn()).isEqualTo(Duration.ofSeconds(17));
        now.addAndGet(16_999);
        assertThat(hit(store, "k", Duration.ofMinutes(1)).orElseThrow().count()).isEqualTo(2);
        now.addAndGet(1);
        assertThat(hit(store, "k", Duration.ofMinutes(1)).orElseThrow().count()).isEqualTo(1);
    }

    @Test
    void forgets_ended_windows_and_lets_new_keys_pass_uncounted_when_full() {
        AtomicLong now = new AtomicLong(1_000_000);
        InProcessRateLimitStore store = new InProcessRateLimitStore(3, now::get);
        Duration minute = Duration.ofMinutes(1);
        for (String k : new String[] {"a", "b", "c"}) {
            assertThat(hit(store, k, minute)).isPresent();
        }
        assertThat(hit(store, "d", minute)).as("no room for a fourth key").isEmpty();
        assertThat(hit(store, "a", minute).orElseThrow().count()).as("known keys still count").isEqualTo(2);

        now.addAndGet(minute.toMillis() + 2000);
        assertThat(hit(store, "d", minute).orElseThrow().count()).isEqualTo(1);
        assertThat(store.size()).as("the ended windows are gone").isEqualTo(1);
    }
}
