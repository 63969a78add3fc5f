package io.knowledgehub.api.health;

import io.knowledgehub.service.health.ComponentCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The api process itself: uptime and heap. */
@ApplicationScoped
class ApiCheck implements ComponentCheck {
    private final long startedAt = System.currentTimeMillis();

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Result check() {
        Runtime rt = Runtime.getRuntime();
        return new Result(true, Map.of("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000,
                "heap_used_bytes", rt.totalMemory() - rt.freeMemory(), "heap_max_bytes", rt.maxMemory()));
    }
}
