package io.knowledgehub.api.health;

import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

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
            details.put("max_tokens", embedder.maxTokens());
            if (embedder instanceof TransformersEmbedder remote) {
                // embedded over HTTP: operational while the inference server is ready
                details.put("inference_api", remote.baseUrl().toString());
                boolean ready = remote.ready();
                if (!ready) {
                    details.put("error", "the inference server does not answer its readiness probe");
                }
                return new Result(ready, details);
            }
            return new Result(true, details);
        }
    }
}
