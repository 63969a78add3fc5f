package io.knowledgehub.api.metrics;

import io.knowledgehub.core.search.SearchCache;
import io.knowledgehub.core.search.SearchService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code search_cache_hits_total}, {@code search_cache_misses_total}, {@code search_cache_hit_ratio}, and
 * {@code search_waiting} (searches waiting for a turn, {@code KH_SEARCH_CONCURRENCY}). The queue depths are exported by
 * every service ({@code io.knowledgehub.service.metrics.QueueMetrics}).
 */
@ApplicationScoped
public class SearchMetrics {

    private final MeterRegistry registry;
    private final SearchCache cache;
    private final SearchService search;

    public SearchMetrics(MeterRegistry registry, SearchCache cache, SearchService search) {
        this.registry = registry;
        this.cache = cache;
        this.search = search;
    }

    void register(@Observes StartupEvent event) {
        FunctionCounter.builder("search.cache.hits", cache, SearchCache::hits).description("Searches answered from the cache").register(registry);
        FunctionCounter.builder("search.cache.misses", cache, SearchCache::misses).description("Searches computed").register(registry);
        Gauge.builder("search.cache.hit.ratio", cache, SearchCache::hitRate).description("Share of searches answered from the cache").register(registry);
        // the search service is made now, so that a bad KH_SEARCH_CONCURRENCY stops the start rather than every search
        if (search.concurrency() > 0) {
            Gauge.builder("search.waiting", search, SearchService::waiting)
                    .description("Searches waiting for a turn (KH_SEARCH_CONCURRENCY)").register(registry);
        }
    }
}
