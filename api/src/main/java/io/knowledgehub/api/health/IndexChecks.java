package io.knowledgehub.api.health;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
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
            return new Result(true, Map.of("model", embedder.modelName(), "dimensions", embedder.dimension(),
                    "max_tokens", embedder.maxTokens()));
        }
    }
}
