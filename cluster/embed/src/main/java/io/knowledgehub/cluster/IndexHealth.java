package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.service.health.ComponentCheck;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code search_index} and {@code embeddings} health components, the same in every process that searches or
 * indexes (the api, standalone or cluster, and the indexer service), whichever adapters are in use.
 */
public final class IndexHealth {

    private IndexHealth() {
    }

    /** @param problem why the index cannot be used as it is (a model mismatch), if it cannot */
    public static ComponentCheck.Result searchIndex(SearchIndex index, Optional<String> problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("implementation", index.getClass().getSimpleName());
        details.put("chunks", index.chunkCount());
        details.put("model", index.model().map(m -> m.name() + " (" + m.dimension() + "d)").orElse("none yet"));
        problem.ifPresent(p -> details.put("problem", p));
        return new ComponentCheck.Result(problem.isEmpty(), details);
    }

    /** Operational when the model runs in process, or while the inference server answers its readiness probe. */
    public static ComponentCheck.Result embeddings(Embedder embedder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", embedder.modelName());
        details.put("dimensions", embedder.dimension());
        details.put("max_tokens", embedder.maxTokens());
        if (embedder instanceof TransformersEmbedder remote) {
            details.put("inference_api", remote.baseUrl().toString());
            boolean ready = remote.ready();
            if (!ready) {
                details.put("error", "the inference server does not answer its readiness probe");
            }
            return new ComponentCheck.Result(ready, details);
        }
        details.put("inference_api", "in process");
        return new ComponentCheck.Result(true, details);
    }
}
