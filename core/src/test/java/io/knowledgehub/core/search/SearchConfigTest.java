package io.knowledgehub.core.search;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchConfigTest {

    @Test
    void the_decoded_chunks_take_a_third_of_the_heap_unless_set() {
        assertThat(SearchConfig.decodedChunksBytes(OptionalInt.empty()))
                .isEqualTo(Runtime.getRuntime().maxMemory() / 3).isPositive();
        assertThat(SearchConfig.decodedChunksBytes(OptionalInt.of(64))).isEqualTo(64L << 20);
        assertThat(SearchConfig.decodedChunksBytes(OptionalInt.of(0))).as("off").isZero();
        assertThatThrownBy(() -> SearchConfig.decodedChunksBytes(OptionalInt.of(-1)))
                .hasMessageContaining("KH_SEARCH_DECODED_CHUNKS_MB");
    }
}
