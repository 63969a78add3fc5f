package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks decoded for one search are reused by the next, and never outlive the version of the page they came from. */
class DecodedChunksTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @TempDir
    Path dir;

    @Test
    void a_second_search_reuses_the_decoded_chunk_and_a_replaced_page_is_read_anew() {
        UUID page = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"))) {
            index.useModel(new IndexModel("test-model", 2));
            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage held by dead tuples.")));

            ChunkHit first = keyword(index, "vacuum");
            ChunkHit again = keyword(index, "vacuum");
            ChunkHit bySimilarity = index.semantic(new float[] {1, 0}, QueryParser.parse("vacuum"), SearchFilter.NONE, 1).getFirst();
            assertThat(again.chunk()).isSameAs(first.chunk());
            assertThat(bySimilarity.chunk()).isSameAs(first.chunk());

            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage and updates statistics.")));

            assertThat(keyword(index, "vacuum").chunk().content()).isEqualTo("Vacuum reclaims storage and updates statistics.");
            assertThat(index.semantic(new float[] {1, 0}, QueryParser.parse("vacuum"), SearchFilter.NONE, 5))
                    .extracting(h -> h.chunk().content()).containsExactly("Vacuum reclaims storage and updates statistics.");
        }
    }

    @Test
    void with_no_budget_every_search_decodes_its_chunks() {
        UUID page = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"), 0)) {
            index.useModel(new IndexModel("test-model", 2));
            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage held by dead tuples.")));

            ChunkHit first = keyword(index, "vacuum");
            ChunkHit again = keyword(index, "vacuum");

            assertThat(again.chunk()).isNotSameAs(first.chunk()).isEqualTo(first.chunk());
        }
    }

    private static ChunkHit keyword(LuceneSearchIndex index, String query) {
        List<ChunkHit> hits = index.keyword(QueryParser.parse(query), SearchFilter.NONE, 5);
        assertThat(hits).hasSize(1);
        return hits.getFirst();
    }

    private static IndexedChunk chunk(UUID doc, String content) {
        return new IndexedChunk(doc + ":0", doc, SOURCE, 0, "Routine maintenance", List.of("Vacuum"), content,
                "http://127.0.0.1/" + doc + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                new float[] {1, 0});
    }
}
