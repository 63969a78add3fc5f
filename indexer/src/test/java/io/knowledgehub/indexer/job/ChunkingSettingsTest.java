package io.knowledgehub.indexer.job;

import io.knowledgehub.indexer.chunk.ChunkerSettings;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code kh.indexer.chunking.*} settings over the model-derived defaults. */
class ChunkingSettingsTest {

    private static final ChunkerSettings MINILM = ChunkerSettings.forMaxTokens(256);

    private static IndexerConfig.Chunking chunking(Integer target, Integer overlap, Integer min) {
        return new IndexerConfig.Chunking() {
            public OptionalInt targetTokens() { return target == null ? OptionalInt.empty() : OptionalInt.of(target); }
            public OptionalInt overlapTokens() { return overlap == null ? OptionalInt.empty() : OptionalInt.of(overlap); }
            public OptionalInt minTokens() { return min == null ? OptionalInt.empty() : OptionalInt.of(min); }
        };
    }

    @Test
    void unset_values_keep_the_model_defaults() {
        assertThat(chunking(null, null, null).apply(MINILM)).isEqualTo(new ChunkerSettings(256, 128, 48, 64, true));
    }

    @Test
    void a_smaller_target_shrinks_the_defaults_that_would_no_longer_fit_it() {
        assertThat(chunking(64, null, null).apply(MINILM)).isEqualTo(new ChunkerSettings(256, 64, 32, 64, true));
        assertThat(chunking(200, 20, 10).apply(MINILM)).isEqualTo(new ChunkerSettings(256, 200, 20, 10, true));
    }

    @Test
    void a_target_beyond_the_model_window_is_a_clear_error() {
        assertThatThrownBy(() -> chunking(300, null, null).apply(MINILM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kh.indexer.chunking").hasMessageContaining("targetTokens must be 1..256");
    }
}
