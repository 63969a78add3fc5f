package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchIndexContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The whole index contract holds with 8-bit vectors only (no float vectors kept) too. */
class ByteVectorLuceneSearchIndexTest extends SearchIndexContract {

    @TempDir
    Path dir;

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

    private static SearchIndex open(Path path) {
        return new LuceneSearchIndex(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES, VectorQuantization.INT8_ONLY);
    }
}
