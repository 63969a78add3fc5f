package io.knowledgehub.indexer.service;

import io.knowledgehub.cluster.IndexHealth;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.job.JobWorkers;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import io.knowledgehub.service.health.Checks;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The indexer service's components in {@code /health}: {@code indexer}, {@code search_index}, {@code embeddings}. */
final class IndexerChecks {

    private IndexerChecks() {
    }

    @ApplicationScoped
    static class Workers implements ComponentCheck {
        private final JobsConfig config;
        private final JobWorkers workers;

        Workers(JobsConfig config, JobWorkers workers) {
            this.config = config;
            this.workers = workers;
        }

        @Override
        public String name() {
            return "indexer";
        }

        @Override
        public Result check() {
            return Checks.workers(workers, Map.of("workers_enabled", config.workersEnabled(),
                    "rag_workers", config.workersEnabled() ? config.ragWorkers() : 0), true);
        }
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
