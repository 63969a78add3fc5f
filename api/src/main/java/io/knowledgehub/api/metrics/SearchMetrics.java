package io.knowledgehub.api.metrics;

import io.knowledgehub.core.search.SearchCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code search_cache_hits_total}, {@code search_cache_misses_total}, {@code search_cache_hit_ratio}. The queue depths
 * are exported by every service ({@code io.knowledgehub.service.metrics.QueueMetrics}).
 */
@ApplicationScoped
public class SearchMetrics {

    private final MeterRegistry registry;
    private final SearchCache cache;

    public SearchMetrics(MeterRegistry registry, SearchCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    void register(@Observes StartupEvent event) {
        FunctionCounter.builder("search.cache.hits", cache, SearchCache::hits).description("Searches answered from the cache").register(registry);
        FunctionCounter.builder("search.cache.misses", cache, SearchCache::misses).description("Searches computed").register(registry);
        Gauge.builder("search.cache.hit.ratio", cache, SearchCache::hitRate).description("Share of searches answered from the cache").register(registry);
    }
}
