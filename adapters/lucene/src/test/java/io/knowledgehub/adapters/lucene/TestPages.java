package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The index and pages the Lucene adapter's tests write: an index with 8-bit vectors of a 4-dimensional test model, and
 * pages numbered {@code page0, page1, ...} of one chunk each, whose texts and vectors each test chooses.
 */
final class TestPages {

    static final IndexModel MODEL = new IndexModel("test-model", 4);
    /** Pages whose number ends in 3 are about partitioning, the others about vacuum. */
    static final IntFunction<String> TOPIC = i -> i % 10 == 3 ? "Table partitioning splits one large table" : "Vacuum reclaims storage";
    /** Two directions: even pages one, odd pages the other. */
    static final IntFunction<float[]> TWO_WAYS = i -> new float[] {0.5f, 0.5f, 0.5f, (i % 2 == 0 ? 0.5f : -0.5f)};

    /** Opens (or creates) the index at {@code path} for the test model. */
    static LuceneSearchIndex open(Path path, long decodedChunksBytes) {
        LuceneSearchIndex index = new LuceneSearchIndex(path, decodedChunksBytes, VectorQuantization.INT8_ONLY);
        if (index.model().isEmpty()) {
            index.useModel(MODEL);
        }
        return index;
    }

    /** The one chunk of page {@code i}. */
    static IndexedChunk page(UUID source, int i, List<String> headings, String text, float[] vector) {
        UUID doc = UUID.nameUUIDFromBytes(("page" + i).getBytes());
        return new IndexedChunk(doc + ":0", doc, source, 0, "page" + i, headings, text, "http://127.0.0.1/page" + i + ".html",
                null, "text/html", Instant.parse("2026-01-01T00:00:00Z"), vector);
    }

    /** Writes pages {@code from} (included) to {@code to} with these texts and vectors, and commits: a segment. */
    static List<IndexedChunk> write(LuceneSearchIndex index, UUID source, int from, int to, IntFunction<String> text,
                                    IntFunction<float[]> vector) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            chunks.add(page(source, i, List.of(), text.apply(i), vector.apply(i)));
        }
        index.upsert(chunks);
        index.commit();
        return chunks;
    }

    private TestPages() {
    }
}
