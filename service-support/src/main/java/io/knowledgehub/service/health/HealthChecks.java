package io.knowledgehub.service.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The components this deployment uses, in the order /health and the dashboard list them. */
@ApplicationScoped
public class HealthChecks {

    private static final List<String> ORDER = List.of("api", "database", "redis", "weaviate", "job_queue", "crawler",
            "indexer", "scheduler", "search_index", "embeddings");

    private final List<ComponentCheck> inUse;

    public HealthChecks(Instance<ComponentCheck> checks) {
        this.inUse = checks.stream().filter(ComponentCheck::inUse).sorted(Comparator.comparing(c -> order(c.name()))).toList();
    }

    public List<ComponentCheck> inUse() {
        return inUse;
    }

    /** A check that throws reports its component down with the reason, never an error of the caller. */
    public static ComponentCheck.Result check(ComponentCheck c) {
        try {
            return c.check();
        } catch (RuntimeException e) {
            return new ComponentCheck.Result(false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static int order(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }
}
