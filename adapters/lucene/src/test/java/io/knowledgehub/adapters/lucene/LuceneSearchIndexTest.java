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

    /** Stop words are dropped from the prose fields, so a clause made only of them is matched as written. */
    @Test
    void a_clause_of_stop_words_alone_matches_the_chunks_holding_them() {
        UUID source = UUID.randomUUID();
        UUID with = UUID.randomUUID();
        UUID without = UUID.randomUUID();
        index.replaceDocument(with, List.of(chunk(with, source, 0, "Common table expressions", "Queries WITH a recursive part", 1, 0, 0, 0)));
        index.replaceDocument(without, List.of(chunk(without, source, 0, "Recursive functions", "A recursive function calls itself", 0, 1, 0, 0)));

        assertThat(keywordDocs("with")).containsExactly(with);
        assertThat(keywordDocs("\"with a\"")).containsExactly(with);
        // a required stop word is required as written, beside ordinary words
        assertThat(keywordDocs("+with recursive")).containsExactly(with);
        assertThat(keywordDocs("+itself recursive")).containsExactly(without);
        assertThat(keywordDocs("recursive -with")).containsExactly(without);
        // an optional stop word beside ordinary words neither adds matches nor is needed
        assertThat(keywordDocs("recursive the")).containsExactlyInAnyOrder(with, without);
        assertThat(keywordDocs("the")).isEmpty();
    }
}
