package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.IndexedChunk;
import io.weaviate.client6.v1.api.collections.CollectionConfig;
import io.weaviate.client6.v1.api.collections.Property;
import io.weaviate.client6.v1.api.collections.Quantization;
import io.weaviate.client6.v1.api.collections.Tokenization;
import io.weaviate.client6.v1.api.collections.VectorConfig;
import io.weaviate.client6.v1.api.collections.vectorindex.Distance;
import io.weaviate.client6.v1.api.collections.vectorindex.Hnsw;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chunk collection: its schema, and chunks to and from Weaviate objects.
 *
 * <p>Identifiers, source, content type are whole-value ({@code field}) tokens, only filtered on. Title, headings
 * and content are {@code word}-tokenized for BM25 and word filters. The date is a date with a range index. The
 * vector is self-provided (no vectorizer), cosine distance, uncompressed so that similarities are exact (the
 * relevance bands users see are defined on exact cosine). The object id is derived from the chunk id, so writing
 * the same chunk twice overwrites it.
 */
final class ChunkSchema {

    static final String CHUNK_ID = "chunkId";
    static final String DOCUMENT_ID = "documentId";
    static final String SOURCE_ID = "sourceId";
    static final String CHUNK_INDEX = "chunkIndex";
    static final String TITLE = "title";
    static final String HEADINGS = "headings";
    static final String CONTENT = "content";
    static final String URL = "url";
    static final String ANCHOR = "anchor";
    static final String CONTENT_TYPE = "contentType";
    static final String UPDATED_AT = "updatedAt";
    static final String VECTOR = "embedding";

    /** What a search returns (everything but the vector). */
    static final List<String> RETURNED = List.of(CHUNK_ID, DOCUMENT_ID, SOURCE_ID, CHUNK_INDEX, TITLE, HEADINGS, CONTENT,
            URL, ANCHOR, CONTENT_TYPE, UPDATED_AT);
    /** The fields a query clause is matched in; a phrase must lie within one of them. */
    static final List<String> TEXT_FIELDS = List.of(TITLE, HEADINGS, CONTENT);

    private ChunkSchema() {
    }

    static CollectionConfig.Builder configure(CollectionConfig.Builder c) {
        return c.description("KnowledgeHub: one object per indexed chunk of a documentation page")
                .properties(
                        keyword(CHUNK_ID), keyword(DOCUMENT_ID), keyword(SOURCE_ID), keyword(CONTENT_TYPE),
                        Property.integer(CHUNK_INDEX, p -> p.indexFilterable(false).indexRangeFilters(false)),
                        Property.text(TITLE, p -> p.tokenization(Tokenization.WORD)),
                        Property.textArray(HEADINGS, p -> p.tokenization(Tokenization.WORD)),
                        Property.text(CONTENT, p -> p.tokenization(Tokenization.WORD)),
                        stored(URL), stored(ANCHOR),
                        Property.date(UPDATED_AT, p -> p.indexRangeFilters(true)))
                .vectorConfig(VectorConfig.selfProvided(VECTOR, v -> v
                        .vectorIndex(Hnsw.of(h -> h.distance(Distance.COSINE)))
                        .quantization(Quantization.uncompressed())))
                .invertedIndex(i -> i.stopwords(s -> s.preset("none").add(WordTokens.STOP_WORDS)));
    }

    /** The object id of a chunk: a name-based UUID of its id, the same in every process and on every run. */
    static UUID objectId(String chunkId) {
        return UUID.nameUUIDFromBytes(chunkId.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> properties(IndexedChunk c) {
        Map<String, Object> p = new HashMap<>();
        p.put(CHUNK_ID, c.id());
        p.put(DOCUMENT_ID, c.documentId().toString());
        p.put(SOURCE_ID, c.sourceId().toString());
        p.put(CHUNK_INDEX, c.chunkIndex());
        putIfPresent(p, TITLE, c.title());
        // an empty array carries no type for the server to check; absent reads back as empty
        if (!c.headingPath().isEmpty()) {
            p.put(HEADINGS, c.headingPath());
        }
        putIfPresent(p, CONTENT, c.content());
        putIfPresent(p, URL, c.url());
        putIfPresent(p, ANCHOR, c.anchor());
        putIfPresent(p, CONTENT_TYPE, c.contentType());
        if (c.updatedAt() != null) {
            p.put(UPDATED_AT, date(c.updatedAt()));
        }
        return p;
    }

    static IndexedChunk chunk(Map<String, Object> p) {
        return new IndexedChunk(text(p, CHUNK_ID), UUID.fromString(text(p, DOCUMENT_ID)), UUID.fromString(text(p, SOURCE_ID)),
                p.get(CHUNK_INDEX) instanceof Number n ? n.intValue() : 0, text(p, TITLE), strings(p.get(HEADINGS)),
                text(p, CONTENT), text(p, URL), text(p, ANCHOR), text(p, CONTENT_TYPE), instant(p.get(UPDATED_AT)), null);
    }

    /**
     * A date as Weaviate reads it (RFC 3339 with seconds, UTC), to the millisecond as the standalone index keeps
     * it. {@code OffsetDateTime.toString()} drops zero seconds ({@code 2026-01-01T00:00Z}), which Weaviate refuses.
     */
    static String date(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof String s && !s.isBlank()) {
            return OffsetDateTime.parse(s).toInstant();
        }
        return null;
    }

    private static Property keyword(String name) {
        return Property.text(name, p -> p.tokenization(Tokenization.FIELD).indexSearchable(false));
    }

    private static Property stored(String name) {
        return Property.text(name, p -> p.indexFilterable(false).indexSearchable(false));
    }

    private static void putIfPresent(Map<String, Object> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String text(Map<String, Object> p, String name) {
        Object v = p.get(name);
        return v == null ? null : v.toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
