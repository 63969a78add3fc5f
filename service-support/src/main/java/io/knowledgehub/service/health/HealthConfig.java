package io.knowledgehub.service.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** {@code kh.health.*}: which components make a process ready to serve. */
@ConfigMapping(prefix = "kh.health")
public interface HealthConfig {

    /**
     * {@code kh.health.readiness} (env {@code KH_HEALTH_READINESS}): the components {@code GET /health/ready} checks, those
     * a search needs; the others (the job queue, Redis, the crawl workers) are reported by {@code /health} but do not
     * take the process out of its load balancer. Components not in use in this deployment are skipped.
     */
    @WithDefault("api,database,weaviate,search_index,embeddings,indexer,crawler,scheduler")
    List<String> readiness();
}
