package io.knowledgehub.indexer.service;

import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/** The indexer service's components in {@code /health}: {@code indexer}, {@code search_index}, {@code embeddings}. */
final class IndexerChecks {

    private IndexerChecks() {
    }

    @ApplicationScoped
    static class Workers implements ComponentCheck {
        private final JobsConfig config;

        Workers(JobsConfig config) {
            this.config = config;
        }

        @Override
        public String name() {
            return "indexer";
        }

        @Override
        public Result check() {
            return new Result(true, Map.of("workers_enabled", config.workersEnabled(),
                    "rag_workers", config.workersEnabled() ? config.ragWorkers() : 0));
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
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("implementation", index.getClass().getSimpleName());
            details.put("chunks", index.chunkCount());
            details.put("model", index.model().map(m -> m.name() + " (" + m.dimension() + "d)").orElse("none yet"));
            rebuild.mismatch().ifPresent(p -> details.put("problem", p));
            return new Result(rebuild.mismatch().isEmpty(), details);
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
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("model", embedder.modelName());
            details.put("dimensions", embedder.dimension());
            if (embedder instanceof TransformersEmbedder remote) {
                details.put("inference_api", remote.baseUrl().toString());
                boolean ready = remote.ready();
                if (!ready) {
                    details.put("error", "the inference server does not answer its readiness probe");
                }
                return new Result(ready, details);
            }
            details.put("inference_api", "in process");
            return new Result(true, details);
        }
    }
}
