package io.knowledgehub.core.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reuses search answers. Keys include the index version, so any change to the index makes earlier answers
 * unreachable (they then age out). Standalone: in process (Caffeine); cluster mode replaces this bean.
 */
@ApplicationScoped
@DefaultBean
public class SearchCache {

    private final Cache<String, SearchResponse> cache;
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public SearchCache(SearchConfig config) {
        this.enabled = config.cacheTtlSeconds() > 0;
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, config.cacheSize()))
                .expireAfterWrite(config.cacheTtl().isZero() ? java.time.Duration.ofSeconds(1) : config.cacheTtl()).build();
    }

    public Optional<SearchResponse> get(String key) {
        if (!enabled) {
            return Optional.empty();
        }
        SearchResponse r = cache.getIfPresent(key);
        (r == null ? misses : hits).increment();
        return Optional.ofNullable(r);
    }

    public void put(String key, SearchResponse response) {
        if (enabled) {
            cache.put(key, response);
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public double hitRate() {
        long h = hits.sum();
        long total = h + misses.sum();
        return total == 0 ? 0 : (double) h / total;
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }
}
