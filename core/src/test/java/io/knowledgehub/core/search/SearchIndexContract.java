package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link SearchIndex} adapter must have. An adapter's test extends this class and says how
 * to open an index (a fresh one, or the same storage again for {@link #reopen}).
 */
public abstract class SearchIndexContract {

    protected static final IndexModel MODEL = new IndexModel("test-model", 4);
    protected static final UUID SOURCE_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    protected static final UUID SOURCE_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    protected SearchIndex index;

    /** A new, empty index. */
    protected abstract SearchIndex newIndex();

    /** Closes {@code index} and opens the same storage again; null if the adapter cannot (then skipped). */
    protected abstract SearchIndex reopen(SearchIndex index);

    /**
     * An index opened on a folder that holds the files of a {@link SearchIndex#snapshot()}; null for an adapter that
     * takes no snapshots.
     */
    protected SearchIndex openCopy(Path folder) {
        return null;
    }

    @BeforeEach
    void open() {
        index = newIndex();
        index.useModel(MODEL);
    }

    @AfterEach
    void closeIndex() {
        if (index != null) {
            index.close();
        }
    }

    protected static IndexedChunk chunk(UUID doc, UUID source, int i, String title, String content, float[] vector,
                                        Instant updated, String type) {
        return new IndexedChunk(doc + ":" + i, doc, source, i, title, List.of(title, "Section " + i), content,
                "http://127.0.0.1/" + doc + ".html", "s" + i, type, updated, normalise(vector));
    }

    protected static IndexedChunk chunk(UUID doc, UUID source, int i, String title, String content, float... vector) {
        return chunk(doc, source, i, title, content, vector, Instant.parse("2026-01-01T00:00:00Z"), "text/html");
    }

    protected static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    protected List<UUID> keywordDocs(String query) {
        return index.keyword(QueryParser.parse(query), SearchFilter.NONE, 10).stream().map(h -> h.chunk().documentId()).toList();
    }

    @Test
    void lists_the_chunk_ids_it_holds_by_document_when_it_can() {
        // a before b in the ids' order, so asking for b then a looks them up out of order
        UUID x = UUID.randomUUID();
        UUID y = UUID.randomUUID();
        UUID a = x.toString().compareTo(y.toString()) < 0 ? x : y;
        UUID b = a == x ? y : x;
        index.replaceDocument(a, List.of(chunk(a, SOURCE_A, 0, "A", "alpha", 1, 0, 0, 0), chunk(a, SOURCE_A, 1, "A", "beta", 0, 1, 0, 0)));
        index.replaceDocument(b, List.of(chunk(b, SOURCE_B, 0, "B", "gamma", 0, 0, 1, 0)));
        Optional<Map<UUID, Set<String>>> listed = index.chunkIdsByDocument();
        assumeTrue(listed.isPresent(), "this index cannot list its entries");
        assertThat(listed.get()).isEqualTo(Map.of(a, Set.of(a + ":0", a + ":1"), b, Set.of(b + ":0")));
        // a few documents looked up alone; one without entries is left out
        assertThat(index.chunkIdsOf(List.of(a, UUID.randomUUID())).orElseThrow()).isEqualTo(Map.of(a, Set.of(a + ":0", a + ":1")));
        assertThat(index.chunkIdsOf(List.of(b, a)).orElseThrow()).isEqualTo(listed.get());

        index.replaceDocument(a, List.of(chunk(a, SOURCE_A, 0, "A", "alpha", 1, 0, 0, 0)));
        index.deleteDocuments(List.of(b));
        Map<UUID, Set<String>> expected = Map.of(a, Set.of(a + ":0"));
        assertThat(index.chunkIdsByDocument().orElseThrow()).isEqualTo(expected);
        assertThat(index.chunkIdsOf(List.of(a, b)).orElseThrow()).isEqualTo(expected);

        index.commit();
        SearchIndex reopened = reopen(index);
        if (reopened != null) {
            index = reopened;
            assertThat(index.chunkIdsByDocument().orElseThrow()).isEqualTo(expected);
            assertThat(index.chunkIdsOf(List.of(a, b)).orElseThrow()).isEqualTo(expected);
        }
    }

    @Test
    void a_snapshot_keeps_its_commit_unchanged_while_writes_go_on_when_it_can(@TempDir Path copy) throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        index.replaceDocument(a, List.of(chunk(a, SOURCE_A, 0, "Kept", "snapshotted words", 1, 0, 0, 0),
                chunk(a, SOURCE_A, 1, "Kept", "more snapshotted words", 0, 1, 0, 0)));
        Optional<IndexSnapshot> taken = index.snapshot();
        assumeTrue(taken.isPresent(), "this index takes no snapshots");
        try (IndexSnapshot snapshot = taken.get()) {
            assertThat(snapshot.chunks()).isEqualTo(2);
            assertThat(snapshot.model()).contains(MODEL);
            assertThatThrownBy(() -> snapshot.open("../elsewhere")).isInstanceOf(IllegalArgumentException.class);
            // later writes, commits and even a clear leave the snapshot's files as they were
            index.replaceDocument(b, List.of(chunk(b, SOURCE_B, 0, "Later", "written afterwards", 0, 0, 1, 0)));
            index.commit();
            index.clear();
            index.useModel(MODEL);
            index.replaceDocument(b, List.of(chunk(b, SOURCE_B, 0, "Later", "written afterwards", 0, 0, 1, 0)));
            index.commit();
            for (String file : snapshot.files()) {
                try (InputStream in = snapshot.open(file)) {
                    Files.copy(in, copy.resolve(file));
                }
            }
        }
        assertThat(index.chunkIdsByDocument().orElseThrow()).isEqualTo(Map.of(b, Set.of(b + ":0")));
        SearchIndex restored = openCopy(copy);
        assumeTrue(restored != null, "this adapter cannot open a copy");
        try {
            assertThat(restored.model()).contains(MODEL);
            assertThat(restored.chunkCount()).isEqualTo(2);
            assertThat(restored.keyword(QueryParser.parse("snapshotted"), SearchFilter.NONE, 10))
                    .extracting(h -> h.chunk().id()).containsExactlyInAnyOrder(a + ":0", a + ":1");
            assertThat(restored.keyword(QueryParser.parse("afterwards"), SearchFilter.NONE, 10)).isEmpty();
        } finally {
            restored.close();
        }
    }

    @Test
    void written_chunks_are_searchable_at_once_and_carry_their_fields() {
        UUID doc = UUID.randomUUID();
        index.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "Connection pooling", "Pools keep connections open.", 1, 0, 0, 0)));
        List<ChunkHit> hits = index.keyword(QueryParser.parse("pooling"), SearchFilter.NONE, 10);
        assertThat(hits).hasSize(1);
        IndexedChunk c = hits.get(0).chunk();
        assertThat(c.id()).isEqualTo(doc + ":0");
        assertThat(c.sourceId()).isEqualTo(SOURCE_A);
        assertThat(c.headingPath()).containsExactly("Connection pooling", "Section 0");
        assertThat(c.anchor()).isEqualTo("s0");
        assertThat(c.url()).endsWith(doc + ".html");
        assertThat(hits.get(0).rawScore()).isPositive();
        assertThat(index.chunkCount()).isEqualTo(1);
    }

    @Test
    void replacing_a_document_is_idempotent_and_drops_its_old_chunks() {
        UUID doc = UUID.randomUUID();
        index.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "Old", "obsolete words", 1, 0, 0, 0),
                chunk(doc, SOURCE_A, 1, "Old", "more obsolete words", 1, 0, 0, 0)));
        List<IndexedChunk> fresh = List.of(chunk(doc, SOURCE_A, 0, "New", "current words", 0, 1, 0, 0));
        long before = index.version();
        index.replaceDocument(doc, fresh);
        index.replaceDocument(doc, fresh);
        assertThat(index.version()).isGreaterThan(before);
        assertThat(index.chunkCount()).isEqualTo(1);
        assertThat(keywordDocs("obsolete")).isEmpty();
        assertThat(keywordDocs("current")).containsExactly(doc);
    }

    @Test
    void replacing_documents_together_replaces_each_and_is_visible_on_return() {
        UUID kept = UUID.randomUUID();
        UUID changed = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        index.replaceDocument(kept, List.of(chunk(kept, SOURCE_A, 0, "Kept", "untouched words", 1, 0, 0, 0)));
        index.replaceDocument(changed, List.of(chunk(changed, SOURCE_A, 0, "Old", "obsolete words", 1, 0, 0, 0),
                chunk(changed, SOURCE_A, 1, "Old", "more obsolete words", 1, 0, 0, 0)));
        Map<UUID, List<IndexedChunk>> batch = new LinkedHashMap<>();
        batch.put(changed, List.of(chunk(changed, SOURCE_A, 0, "New", "current words", 0, 1, 0, 0)));
        batch.put(added, List.of(chunk(added, SOURCE_B, 0, "Added", "current additions", 0, 0, 1, 0)));
        long before = index.version();
        index.replaceDocuments(batch);
        index.replaceDocuments(batch);
        assertThat(index.version()).isGreaterThan(before);
        assertThat(index.chunkCount()).isEqualTo(3);
        assertThat(keywordDocs("obsolete")).isEmpty();
        assertThat(keywordDocs("current")).containsExactlyInAnyOrder(changed, added);
        assertThat(keywordDocs("untouched")).containsExactly(kept);
    }

    @Test
    void upserts_and_deletes_single_chunks() {
        UUID doc = UUID.randomUUID();
        index.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "T", "first chunk", 1, 0, 0, 0)));
        IndexedChunk extra = chunk(doc, SOURCE_A, 1, "T", "second chunk supplied later", 0, 1, 0, 0);
        index.upsert(List.of(extra));
        index.upsert(List.of(extra));
        assertThat(index.chunkCount()).isEqualTo(2);
        assertThat(keywordDocs("supplied")).containsExactly(doc);
        index.deleteChunks(List.of(extra.id()));
        assertThat(keywordDocs("supplied")).isEmpty();
        assertThat(index.chunkCount()).isEqualTo(1);
    }

    @Test
    void deletes_by_document_and_by_source() {
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID b1 = UUID.randomUUID();
        index.replaceDocument(a1, List.of(chunk(a1, SOURCE_A, 0, "Vacuum", "vacuum reclaims space", 1, 0, 0, 0)));
        index.replaceDocument(a2, List.of(chunk(a2, SOURCE_A, 0, "Vacuum full", "vacuum full rewrites", 1, 0, 0, 0)));
        index.replaceDocument(b1, List.of(chunk(b1, SOURCE_B, 0, "Vacuum", "vacuum in another source", 1, 0, 0, 0)));
        index.deleteDocuments(List.of(a2, UUID.randomUUID()));
        assertThat(keywordDocs("vacuum")).containsExactlyInAnyOrder(a1, b1);
        index.deleteSource(SOURCE_A);
        assertThat(keywordDocs("vacuum")).containsExactly(b1);
        index.deleteSource(SOURCE_A);
    }

    @Test
    void keyword_ranks_title_matches_first_and_honours_the_query_language() {
        UUID title = UUID.randomUUID();
        UUID body = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        index.replaceDocument(title, List.of(chunk(title, SOURCE_A, 0, "Partition pruning", "How the planner skips partitions.", 1, 0, 0, 0)));
        index.replaceDocument(body, List.of(chunk(body, SOURCE_A, 0, "Planner", "Partition pruning is one of many planner steps; pruning helps.", 1, 0, 0, 0)));
        index.replaceDocument(other, List.of(chunk(other, SOURCE_A, 0, "Indexes", "A pruning saw is not about partitions at all.", 1, 0, 0, 0)));

        assertThat(keywordDocs("partition pruning").get(0)).isEqualTo(title);
        assertThat(keywordDocs("\"partition pruning\"")).containsExactlyInAnyOrder(title, body);
        assertThat(keywordDocs("pruning -saw")).containsExactlyInAnyOrder(title, body);
        assertThat(keywordDocs("+planner +steps")).containsExactly(body);
        assertThat(keywordDocs("partiti*")).containsExactlyInAnyOrder(title, body, other);
    }

    @Test
    void identifiers_match_whole_and_in_parts() {
        UUID fn = UUID.randomUUID();
        index.replaceDocument(fn, List.of(chunk(fn, SOURCE_A, 0, "pg_relation_size", "Call pg_relation_size(oid) or useState in React.memo.", 1, 0, 0, 0)));
        assertThat(keywordDocs("pg_relation_size")).containsExactly(fn);
        assertThat(keywordDocs("relation size")).containsExactly(fn);
        assertThat(keywordDocs("useState")).containsExactly(fn);
        assertThat(keywordDocs("React.memo")).containsExactly(fn);
        assertThat(keywordDocs("use*")).containsExactly(fn);
    }

    @Test
    void filters_apply_to_every_search_type() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID pdf = UUID.randomUUID();
        index.replaceDocument(old, List.of(chunk(old, SOURCE_A, 0, "Backup", "backup guide", new float[]{1, 0, 0, 0},
                Instant.parse("2024-01-01T00:00:00Z"), "text/html")));
        index.replaceDocument(recent, List.of(chunk(recent, SOURCE_B, 0, "Backup", "backup guide", new float[]{1, 0.1f, 0, 0},
                Instant.parse("2026-06-01T00:00:00Z"), "text/html")));
        index.replaceDocument(pdf, List.of(chunk(pdf, SOURCE_B, 0, "Backup", "backup guide", new float[]{1, 0.2f, 0, 0},
                Instant.parse("2026-06-01T00:00:00Z"), "application/pdf")));
        SearchFilter sourceB = new SearchFilter(Set.of(SOURCE_B), null, null, Set.of());
        SearchFilter since2025 = new SearchFilter(Set.of(), Instant.parse("2025-01-01T00:00:00Z"), null, Set.of());
        SearchFilter html = new SearchFilter(Set.of(), null, null, Set.of("text/html"));
        float[] q = normalise(new float[]{1, 0, 0, 0});
        assertThat(index.keyword(QueryParser.parse("nothing matches this"), sourceB, 10)).isEmpty();
        for (SearchFilter f : List.of(sourceB, since2025)) {
            assertThat(index.keyword(QueryParser.parse("backup"), f, 10)).extracting(h -> h.chunk().documentId())
                    .containsExactlyInAnyOrder(recent, pdf);
            assertThat(index.semantic(q, null, f, 10)).extracting(h -> h.chunk().documentId())
                    .containsExactly(recent, pdf);
        }
        assertThat(index.semantic(q, null, html, 10)).extracting(h -> h.chunk().documentId()).containsExactly(old, recent);
        assertThat(index.semantic(q, null, new SearchFilter(Set.of(), null, Instant.parse("2025-01-01T00:00:00Z"), Set.of()), 10))
                .extracting(h -> h.chunk().documentId()).containsExactly(old);
    }

    @Test
    void content_types_filter_keyword_and_semantic_search_by_any_of_several_kinds() {
        UUID html = UUID.randomUUID();
        UUID markdown = UUID.randomUUID();
        UUID text = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        index.replaceDocument(html, List.of(chunk(html, SOURCE_A, 0, "Pooling", "connection pooling", new float[]{1, 0, 0, 0}, at, "text/html")));
        index.replaceDocument(markdown, List.of(chunk(markdown, SOURCE_A, 0, "Pooling", "connection pooling",
                new float[]{1, 0.1f, 0, 0}, at, "text/markdown")));
        index.replaceDocument(text, List.of(chunk(text, SOURCE_A, 0, "Pooling", "connection pooling",
                new float[]{1, 0.2f, 0, 0}, at, "text/plain")));
        SearchFilter md = new SearchFilter(Set.of(), null, null, Set.of("text/markdown"));
        SearchFilter mdOrText = new SearchFilter(Set.of(), null, null, Set.of("text/markdown", "text/plain"));
        SearchFilter pdf = new SearchFilter(Set.of(), null, null, Set.of("application/pdf"));
        float[] q = normalise(new float[]{1, 0, 0, 0});

        assertThat(index.keyword(QueryParser.parse("pooling"), md, 10)).extracting(h -> h.chunk().documentId()).containsExactly(markdown);
        assertThat(index.keyword(QueryParser.parse("pooling"), mdOrText, 10)).extracting(h -> h.chunk().documentId())
                .containsExactlyInAnyOrder(markdown, text);
        assertThat(index.semantic(q, null, mdOrText, 10)).extracting(h -> h.chunk().documentId()).containsExactly(markdown, text);
        assertThat(index.semantic(q, null, md, 10)).extracting(h -> h.chunk().contentType()).containsExactly("text/markdown");
        assertThat(index.keyword(QueryParser.parse("pooling"), pdf, 10)).isEmpty();
        assertThat(index.semantic(q, null, pdf, 10)).isEmpty();
    }

    @Test
    void keyword_hits_carry_their_cosine_to_a_query_vector_when_it_can() {
        UUID near = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        index.replaceDocument(near, List.of(chunk(near, SOURCE_A, 0, "A", "vacuum freezes old rows", 1, 0.2f, 0, 0)));
        index.replaceDocument(far, List.of(chunk(far, SOURCE_A, 0, "B", "vacuum and analyze", 0, 0.3f, 1, 0)));
        index.replaceDocument(other, List.of(chunk(other, SOURCE_A, 0, "C", "unrelated words", 1, 0, 0, 0)));
        float[] q = normalise(new float[]{1, 0, 0, 0});

        List<ChunkHit> plain = index.keyword(QueryParser.parse("vacuum"), SearchFilter.NONE, 10);
        assertThat(plain).extracting(ChunkHit::cosine).allMatch(c -> Float.isNaN(c));
        List<ChunkHit> hits = index.keyword(QueryParser.parse("vacuum"), SearchFilter.NONE, 10, q);
        assertThat(hits).extracting(h -> h.chunk().documentId()).containsExactlyInAnyOrder(near, far);
        assertThat(hits).extracting(ChunkHit::rawScore).isEqualTo(plain.stream().map(ChunkHit::rawScore).toList());
        if (hits.stream().allMatch(h -> Float.isNaN(h.cosine()))) {
            return; // this index does not read vectors with keyword hits: hybrid search bounds them instead
        }
        Map<UUID, Float> semantic = new HashMap<>();
        index.semantic(q, null, SearchFilter.NONE, 10).forEach(h -> semantic.put(h.chunk().documentId(), h.rawScore()));
        for (ChunkHit h : hits) {
            assertThat(h.cosine()).as("cosine of " + h.chunk().title()).isCloseTo(semantic.get(h.chunk().documentId()), within(1e-5f));
        }
        assertThat(hits.stream().filter(h -> h.chunk().documentId().equals(near)).findFirst().orElseThrow().cosine())
                .isGreaterThan(0.95f);
    }

    @Test
    void semantic_orders_by_cosine_and_the_query_language_restricts_candidates() {
        UUID near = UUID.randomUUID();
        UUID mid = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        index.replaceDocument(near, List.of(chunk(near, SOURCE_A, 0, "A", "replication slots", 1, 0.1f, 0, 0)));
        index.replaceDocument(mid, List.of(chunk(mid, SOURCE_A, 0, "B", "logical decoding output", 1, 1, 0, 0)));
        index.replaceDocument(far, List.of(chunk(far, SOURCE_A, 0, "C", "unrelated topic", 0, 0, 1, 0)));
        float[] q = normalise(new float[]{1, 0, 0, 0});

        List<ChunkHit> all = index.semantic(q, null, SearchFilter.NONE, 10);
        assertThat(all).extracting(h -> h.chunk().documentId()).containsExactly(near, mid, far);
        assertThat(all.get(0).rawScore()).isBetween(0.99f, 1.0f);
        assertThat(all.get(2).rawScore()).isBetween(-0.01f, 0.01f);

        assertThat(index.semantic(q, QueryParser.parse("slots -replication"), SearchFilter.NONE, 10))
                .extracting(h -> h.chunk().documentId()).containsExactly(mid, far);
        assertThat(index.semantic(q, QueryParser.parse("anything +decoding"), SearchFilter.NONE, 10))
                .extracting(h -> h.chunk().documentId()).containsExactly(mid);
        assertThat(index.semantic(q, QueryParser.parse("+slots -replication"), SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.semantic(q, QueryParser.parse("\"output\" unrelated"), SearchFilter.NONE, 10))
                .extracting(h -> h.chunk().documentId()).containsExactly(mid);
        assertThat(index.semantic(q, QueryParser.parse("unrel*"), SearchFilter.NONE, 10))
                .extracting(h -> h.chunk().documentId()).containsExactly(far);
    }

    @Test
    void records_the_model_and_refuses_another_until_cleared() {
        assertThat(index.model()).contains(MODEL);
        index.useModel(MODEL);
        assertThatThrownBy(() -> index.useModel(new IndexModel("other-model", 768)))
                .isInstanceOf(IndexModelMismatchException.class).hasMessageContaining("test-model").hasMessageContaining("re-index");
        UUID doc = UUID.randomUUID();
        index.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "T", "text", 1, 0, 0, 0)));
        index.clear();
        assertThat(index.model()).isEmpty();
        assertThat(index.chunkCount()).isZero();
        index.useModel(new IndexModel("other-model", 768));
        assertThat(index.model()).contains(new IndexModel("other-model", 768));
    }

    @Test
    void content_and_model_survive_a_reopen() {
        UUID doc = UUID.randomUUID();
        index.replaceDocument(doc, List.of(chunk(doc, SOURCE_A, 0, "Durable", "kept across restarts", 1, 0, 0, 0)));
        SearchIndex again = reopen(index);
        if (again == null) {
            return;
        }
        index = again;
        assertThat(index.model()).contains(MODEL);
        assertThat(keywordDocs("restarts")).containsExactly(doc);
    }
}
