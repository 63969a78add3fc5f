package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-only index of a cluster's api keeps the chunks it decoded within the budget it is given, as the writer does. */
class LuceneIndexReaderTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final int PAGES = 50;

    @TempDir
    Path dir;

    @Test
    void keeps_the_chunks_it_decoded_within_its_budget_and_none_with_none() {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex writer = new LuceneSearchIndex(path, 0)) {
            writer.useModel(new IndexModel("test-model", 4));
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < PAGES; i++) {
                UUID doc = UUID.nameUUIDFromBytes(("page" + i).getBytes());
                chunks.add(new IndexedChunk(doc + ":0", doc, SOURCE, 0, "page" + i, List.of(), "shared words of page" + i,
                        "http://127.0.0.1/page" + i + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                        new float[] {1, i, 0, 1}));
            }
            writer.upsert(chunks);
            writer.commit();
        }
        try (LuceneIndexReader none = new LuceneIndexReader(path, Duration.ZERO, 0);
             LuceneIndexReader kept = new LuceneIndexReader(path, Duration.ZERO, 1 << 20)) {
            for (LuceneIndexReader reader : List.of(none, kept)) {
                List<ChunkHit> hits = reader.keyword(QueryParser.parse("shared words"), SearchFilter.NONE, PAGES);
                assertThat(hits).hasSize(PAGES);
            }
            assertThat(none.decodedChunkCount()).isZero();
            assertThat(kept.decodedChunkCount()).isEqualTo(PAGES);
        }
    }
}
