package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.IndexedChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkSchemaTest {

    private static final UUID DOC = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID SOURCE = UUID.fromString("22222222-2222-2222-2222-222222222222");

    @Test
    void object_ids_are_name_based_on_the_chunk_id_so_rewriting_a_chunk_overwrites_it() {
        UUID id = ChunkSchema.objectId(DOC + ":0");
        assertThat(id).isEqualTo(ChunkSchema.objectId(DOC + ":0"));
        assertThat(id).isEqualTo(UUID.nameUUIDFromBytes((DOC + ":0").getBytes(StandardCharsets.UTF_8)));
        assertThat(id.version()).isEqualTo(3);
        assertThat(id).isNotEqualTo(ChunkSchema.objectId(DOC + ":1"));
    }

    @Test
    void a_chunk_survives_the_trip_through_weaviates_property_types() {
        IndexedChunk c = new IndexedChunk(DOC + ":3", DOC, SOURCE, 3, "Vacuum", List.of("Vacuum", "Tuning"),
                "Vacuum reclaims space.", "https://docs.example.com/vacuum.html", "tuning", "text/html",
                Instant.parse("2026-01-01T00:00:00Z"), new float[]{1, 0});
        Map<String, Object> written = ChunkSchema.properties(c);
        assertThat(written).containsEntry(ChunkSchema.UPDATED_AT, "2026-01-01T00:00:00Z").doesNotContainKey(ChunkSchema.VECTOR);

        // what a search returns: integers as Long, dates as OffsetDateTime, text arrays as lists
        Map<String, Object> read = new HashMap<>(written);
        read.put(ChunkSchema.CHUNK_INDEX, 3L);
        read.put(ChunkSchema.UPDATED_AT, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        IndexedChunk back = ChunkSchema.chunk(read);
        assertThat(back).usingRecursiveComparison().ignoringFields("vector").isEqualTo(c);
        assertThat(back.vector()).isNull();
    }

    @Test
    void absent_optional_fields_are_left_out_and_read_back_empty() {
        IndexedChunk c = new IndexedChunk("x", DOC, SOURCE, 0, "T", List.of(), "text", "u", null, "text/html",
                Instant.parse("2026-01-01T00:00:00Z"), new float[]{1});
        Map<String, Object> written = ChunkSchema.properties(c);
        assertThat(written).doesNotContainKeys(ChunkSchema.ANCHOR, ChunkSchema.HEADINGS);
        IndexedChunk back = ChunkSchema.chunk(written);
        assertThat(back.anchor()).isNull();
        assertThat(back.headingPath()).isEmpty();
    }

    @Test
    void dates_keep_their_seconds_and_milliseconds_only() {
        assertThat(ChunkSchema.date(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(ChunkSchema.date(Instant.parse("2025-01-01T10:20:30.123456789Z"))).isEqualTo("2025-01-01T10:20:30.123Z");
        assertThat(ChunkSchema.instant("2025-01-01T10:20:30.123+02:00")).isEqualTo(Instant.parse("2025-01-01T08:20:30.123Z"));
        assertThat(ChunkSchema.instant(null)).isNull();
    }
}
