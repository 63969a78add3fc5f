package io.knowledgehub.cluster;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.service.health.ComponentCheck;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code weaviate} in {@code /health}, when the search index is on Weaviate. */
@ApplicationScoped
@IfBuildProfile("cluster")
public class WeaviateCheck implements ComponentCheck {
    private final ClusterConfig config;
    private final Instance<SearchIndex> index;

    WeaviateCheck(ClusterConfig config, Instance<SearchIndex> index) {
        this.config = config;
        this.index = index;
    }

    @Override
    public String name() {
        return "weaviate";
    }

    @Override
    public boolean inUse() {
        return config.weaviate().url().isPresent();
    }

    @Override
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", config.weaviate().url().orElse(""));
        try {
            details.put("chunks", index.get().chunkCount());
            return new Result(true, details);
        } catch (RuntimeException e) {
            details.put("error", "Weaviate does not answer: " + e.getMessage());
            return new Result(false, details);
        }
    }
}
