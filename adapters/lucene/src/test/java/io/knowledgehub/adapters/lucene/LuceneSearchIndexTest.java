package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchIndexContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The index contract, and what the Lucene index adds to it, with float vectors; subclasses: the other kinds. */
class LuceneSearchIndexTest extends SearchIndexContract {

    @TempDir
    Path dir;

    /** How the index under test stores its vectors. */
    protected VectorQuantization quantization() {
        return VectorQuantization.NONE;
    }

    @Override
    protected SearchIndex newIndex() {
        return open(dir.resolve("index"));
    }

    @Override
    protected SearchIndex reopen(SearchIndex index) {
        index.close();
        return open(dir.resolve("index"));
    }

    @Override
    protected SearchIndex openCopy(Path folder) {
        return open(folder);
    }

    private SearchIndex open(Path path) {
        return new LuceneSearchIndex(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES, quantization());
    }

    /** What the indexing pipeline's batches save: one reopen for the batch, not one per page. */
    @Test
    void documents_replaced_together_become_visible_with_one_reopen_and_a_bad_one_writes_none() {
        Map<UUID, List<IndexedChunk>> batch = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            UUID doc = UUID.randomUUID();
            batch.put(doc, List.of(chunk(doc, UUID.randomUUID(), 0, "Page " + i, "words of page " + i, 1, 0, 0, 0)));
        }
        long before = index.version();
        index.replaceDocuments(batch);
        assertThat(index.version()).isEqualTo(before + 1);
        assertThat(index.chunkCount()).isEqualTo(5);

        Map<UUID, List<IndexedChunk>> bad = new LinkedHashMap<>();
        UUID good = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        bad.put(good, List.of(chunk(good, UUID.randomUUID(), 0, "Good", "fine words", 1, 0, 0, 0)));
        bad.put(wrong, List.of(chunk(wrong, UUID.randomUUID(), 0, "Wrong", "three dimensions", 1, 0, 0)));
        assertThatThrownBy(() -> index.replaceDocuments(bad)).isInstanceOf(IllegalArgumentException.class);
        UUID later = UUID.randomUUID();
        index.replaceDocument(later, List.of(chunk(later, UUID.randomUUID(), 0, "Later", "later words", 1, 0, 0, 0)));
        assertThat(index.chunkCount()).isEqualTo(6); // the good document of the refused batch was not written either
    }
}
