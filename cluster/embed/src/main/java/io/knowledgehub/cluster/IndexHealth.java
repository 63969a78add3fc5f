package io.knowledgehub.cluster;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code search_index} and {@code embeddings} health components, the same in every process that searches or
 * indexes (the api, standalone or cluster, and the indexer service), whichever adapters are in use. Those are the
 * processes that carry this module, so the checks are declared once, here.
 */
public final class IndexHealth {

    private IndexHealth() {
    }

    /**
     * {@code search_index}: down while the index holds another model's vectors (a rebuild is the way out), or cannot
     * take writes (a full disk closed its writer, and it could not be opened again yet).
     */
    @ApplicationScoped
    public static class SearchIndexCheck implements ComponentCheck {
        private final SearchIndex index;
        private final IndexRebuild rebuild;

        SearchIndexCheck(SearchIndex index, IndexRebuild rebuild) {
            this.index = index;
            this.rebuild = rebuild;
        }

        @Override
        public String name() {
            return "search_index";
        }

        @Override
        public Result check() {
            return searchIndex(index, rebuild.mismatch().or(index::writeProblem));
        }
    }

    /** {@code embeddings}: the model in use and where it runs. */
    @ApplicationScoped
    public static class EmbeddingsCheck implements ComponentCheck {
        private final Embedder embedder;

        EmbeddingsCheck(Embedder embedder) {
            this.embedder = embedder;
        }

        @Override
        public String name() {
            return "embeddings";
        }

        @Override
        public Result check() {
            return embeddings(embedder);
        }
    }

    /** @param problem why the index cannot be used as it is (a model mismatch), if it cannot */
    static ComponentCheck.Result searchIndex(SearchIndex index, Optional<String> problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("implementation", index.getClass().getSimpleName());
        details.put("chunks", index.chunkCount());
        details.put("model", index.model().map(m -> m.name() + " (" + m.dimension() + "d)").orElse("none yet"));
        problem.ifPresent(p -> details.put("problem", p));
        return new ComponentCheck.Result(problem.isEmpty(), details);
    }

    /** Operational while the model can embed: at once in process, while the inference server answers its readiness probe. */
    static ComponentCheck.Result embeddings(Embedder embedder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", embedder.modelName());
        details.put("dimensions", embedder.dimension());
        details.put("max_tokens", embedder.maxTokens());
        Optional<URI> server = embedder.inferenceServer();
        details.put("inference_api", server.map(URI::toString).orElse("in process"));
        boolean ready = embedder.ready();
        if (!ready) {
            details.put("error", server.isPresent() ? "the inference server does not answer its readiness probe"
                    : "the embedding model cannot run");
        }
        return new ComponentCheck.Result(ready, details);
    }
}
