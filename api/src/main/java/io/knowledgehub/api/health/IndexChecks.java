package io.knowledgehub.api.health;

import io.knowledgehub.cluster.IndexHealth;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** The search index and the embedding model, as used in standalone mode. */
final class IndexChecks {

    private IndexChecks() {
    }

    @ApplicationScoped
    static class Index implements ComponentCheck {
        private final SearchIndex index;
        private final IndexRebuild rebuild;

        Index(SearchIndex index, IndexRebuild rebuild) {
            this.index = index;
            this.rebuild = rebuild;
        }

        @Override
        public String name() {
            return "search_index";
        }

        @Override
        public Result check() {
            return IndexHealth.searchIndex(index, rebuild.mismatch());
        }
    }

    @ApplicationScoped
    static class Embeddings implements ComponentCheck {
        private final Embedder embedder;

        Embeddings(Embedder embedder) {
            this.embedder = embedder;
        }

        @Override
        public String name() {
            return "embeddings";
        }

        @Override
        public Result check() {
            return IndexHealth.embeddings(embedder);
        }
    }
}
