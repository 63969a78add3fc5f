package io.knowledgehub.core.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** The standalone {@link SearchCache}: in process (Caffeine), bounded in size, entries expire after the TTL. */
@ApplicationScoped
@DefaultBean
public class InProcessSearchCache implements SearchCache {

    private final Cache<String, SearchResponse> cache;
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public InProcessSearchCache(SearchConfig config) {
        this.enabled = config.cacheTtlSeconds() > 0;
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, config.cacheSize()))
                .expireAfterWrite(config.cacheTtl().isZero() ? Duration.ofSeconds(1) : config.cacheTtl()).build();
    }

    @Override
    public Optional<SearchResponse> get(String key) {
        if (!enabled) {
            return Optional.empty();
        }
        SearchResponse r = cache.getIfPresent(key);
        (r == null ? misses : hits).increment();
        return Optional.ofNullable(r);
    }

    @Override
    public void put(String key, SearchResponse response) {
        if (enabled) {
            cache.put(key, response);
        }
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        return misses.sum();
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
    }
}
