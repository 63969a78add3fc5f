package io.knowledgehub.scheduler.service;

import io.knowledgehub.scheduler.SchedulerConfig;
import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** {@code scheduler} in {@code /health}: whether this process queues scheduled refreshes. */
@ApplicationScoped
class SchedulerCheck implements ComponentCheck {

    private final SchedulerConfig config;

    SchedulerCheck(SchedulerConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public Result check() {
        return new Result(true, Map.of("enabled", config.enabled(), "interval_seconds", 60));
    }
}
