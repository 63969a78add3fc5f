package io.knowledgehub.core.search;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkIdsTest {

    private static final UUID DOCUMENT = UUID.fromString("3f2b8c1e-0d4a-4f5e-9a7b-1c2d3e4f5a6b");

    @Test
    void derives_a_readable_id_from_document_index_and_hash() {
        String hash = ChunkIds.contentHash("hello");

        assertThat(hash).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(ChunkIds.of(DOCUMENT, 3, hash)).isEqualTo(DOCUMENT + ":3:2cf24dba5fb0");
        assertThat(ChunkIds.of(DOCUMENT, Integer.MAX_VALUE, hash)).hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void same_inputs_same_id_other_content_other_id() {
        String a = ChunkIds.of(DOCUMENT, 0, ChunkIds.contentHash("a"));

        assertThat(ChunkIds.of(DOCUMENT, 0, ChunkIds.contentHash("a"))).isEqualTo(a);
        assertThat(ChunkIds.of(DOCUMENT, 0, ChunkIds.contentHash("b"))).isNotEqualTo(a);
        assertThat(ChunkIds.of(DOCUMENT, 1, ChunkIds.contentHash("a"))).isNotEqualTo(a);
        assertThat(ChunkIds.uuidOf(a)).isEqualTo(ChunkIds.uuidOf(a)).isNotEqualTo(ChunkIds.uuidOf(a + "x"));
    }

    @Test
    void names_the_document_of_an_id_it_made_and_nothing_for_other_ids() {
        UUID doc = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(ChunkIds.documentOf(ChunkIds.of(doc, 7, ChunkIds.contentHash("text")))).isEqualTo(doc);
        assertThat(ChunkIds.documentOf(doc + "-7")).isNull();
        assertThat(ChunkIds.documentOf("not-a-uuid-but-thirty-six-chars-long:1:abc")).isNull();
        assertThat(ChunkIds.documentOf("")).isNull();
        assertThat(ChunkIds.documentOf("0001-0001-0001-0001-0000000000000001:0:abcdefabcdef")).isNull();
        assertThat(ChunkIds.documentOf(doc.toString().toUpperCase() + ":0:abcdefabcdef")).isNull();
    }

    @Test
    void rejects_malformed_input() {
        assertThatThrownBy(() -> ChunkIds.of(DOCUMENT, -1, ChunkIds.contentHash("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkIds.of(DOCUMENT, 0, "ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
    }
}
