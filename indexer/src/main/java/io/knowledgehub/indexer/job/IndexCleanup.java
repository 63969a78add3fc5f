package io.knowledgehub.indexer.job;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.source.SourceRemovalListener;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Drops a deleted source's chunks from the search index. */
@ApplicationScoped
public class IndexCleanup implements SourceRemovalListener {

    private final SearchIndex index;

    public IndexCleanup(SearchIndex index) {
        this.index = index;
    }

    @Override
    public void sourceRemoved(UUID sourceId) {
        index.deleteSource(sourceId);
    }
}
