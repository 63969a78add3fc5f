package io.knowledgehub.core.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Background job execution in this process. */
@ConfigMapping(prefix = "kh.jobs")
public interface JobsConfig {

    /** Whether this process runs job workers at all (an API-only replica in cluster mode sets false). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Crawl jobs run at the same time in this process (each crawls one source). */
    @WithDefault("2")
    int crawlWorkers();

    /** Indexing (RAG) jobs run at the same time in this process. */
    @WithDefault("1")
    int ragWorkers();
}
