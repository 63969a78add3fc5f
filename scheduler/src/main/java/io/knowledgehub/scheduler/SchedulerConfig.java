package io.knowledgehub.scheduler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The refresh scheduler ({@code kh.scheduler.*}; the spec's SCHEDULER_ENABLED switches it too). */
@ConfigMapping(prefix = "kh.scheduler")
public interface SchedulerConfig {

    /** Whether this process starts scheduled refreshes (one process in a deployment should). */
    @WithDefault("${SCHEDULER_ENABLED:true}")
    boolean enabled();
}
