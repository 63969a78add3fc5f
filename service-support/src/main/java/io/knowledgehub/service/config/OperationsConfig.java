package io.knowledgehub.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kh.operations.*}: the contract's METRICS_ENABLED and DEBUG, as every service reads them ({@link SpecSettings}). */
@ConfigMapping(prefix = "kh.operations")
public interface OperationsConfig {

    /** False answers {@code /metrics} with 404 (METRICS_ENABLED). */
    @WithDefault("true")
    boolean metricsEnabled();

    /** True logs KnowledgeHub's own lines at DEBUG (DEBUG). */
    @WithDefault("false")
    boolean debug();
}
