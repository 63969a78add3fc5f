package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchIndexContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class LuceneSearchIndexTest extends SearchIndexContract {

    @TempDir
    Path dir;

    @Override
    protected SearchIndex newIndex() {
        return new LuceneSearchIndex(dir.resolve("index"));
    }

    @Override
    protected SearchIndex reopen(SearchIndex index) {
        index.close();
        return new LuceneSearchIndex(dir.resolve("index"));
    }

    @Override
    protected SearchIndex openCopy(Path folder) {
        return new LuceneSearchIndex(folder);
    }
}
