package io.knowledgehub.core.search;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SourceNameMemoryTest {

    private static final UUID DOCS = UUID.randomUUID();
    private static final UUID BLOG = UUID.randomUUID();

    private final AtomicLong now = new AtomicLong();
    private final SourceNameMemory memory = new SourceNameMemory(Duration.ofSeconds(10), now::get);

    private void after(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void a_name_read_is_fresh_for_the_period_then_no_longer() {
        memory.remember(Map.of(DOCS, "Docs"));

        after(Duration.ofSeconds(9));
        assertThat(memory.fresh(Set.of(DOCS))).containsExactly(Map.entry(DOCS, "Docs"));
        after(Duration.ofSeconds(1));
        assertThat(memory.fresh(Set.of(DOCS))).isEmpty();
    }

    @Test
    void the_last_name_read_stays_known_however_old() {
        memory.remember(Map.of(DOCS, "Docs", BLOG, "Blog"));
        after(Duration.ofHours(5));

        assertThat(memory.lastKnown(Set.of(DOCS, BLOG))).isEqualTo(Map.of(DOCS, "Docs", BLOG, "Blog"));
    }

    @Test
    void a_rename_read_again_replaces_the_name_and_is_fresh_again() {
        memory.remember(Map.of(DOCS, "Docs"));
        after(Duration.ofSeconds(30));
        memory.remember(Map.of(DOCS, "Manual"));

        assertThat(memory.fresh(Set.of(DOCS))).containsExactly(Map.entry(DOCS, "Manual"));
        assertThat(memory.lastKnown(Set.of(DOCS))).containsExactly(Map.entry(DOCS, "Manual"));
    }

    @Test
    void only_the_ids_asked_for_and_read_are_answered() {
        memory.remember(Map.of(DOCS, "Docs"));
        after(Duration.ofSeconds(20));
        memory.remember(Map.of(BLOG, "Blog"));
        UUID never = UUID.randomUUID();

        assertThat(memory.fresh(Set.of(DOCS, BLOG, never))).containsExactly(Map.entry(BLOG, "Blog"));
        assertThat(memory.lastKnown(Set.of(DOCS, never))).containsExactly(Map.entry(DOCS, "Docs"));
    }
}
