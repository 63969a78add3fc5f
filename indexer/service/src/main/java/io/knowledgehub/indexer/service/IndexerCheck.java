package io.knowledgehub.indexer.service;

import io.knowledgehub.core.job.JobWorkers;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.service.health.Checks;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * {@code indexer} in {@code /health}: the rag workers of this process. Its {@code search_index} and
 * {@code embeddings} components are the api's too ({@link io.knowledgehub.cluster.IndexHealth}).
 */
@ApplicationScoped
class IndexerCheck implements ComponentCheck {

    private final JobsConfig config;
    private final JobWorkers workers;

    IndexerCheck(JobsConfig config, JobWorkers workers) {
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
