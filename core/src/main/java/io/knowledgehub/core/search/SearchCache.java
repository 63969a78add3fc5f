package io.knowledgehub.core.search;

import java.util.Optional;

/**
 * Port: reuses search answers. Keys include the index version, so any change to the index makes earlier
 * answers unreachable (they then age out). Contract: thread-safe; a miss is an empty Optional, never an error;
 * a disabled cache (TTL 0) always misses and counts nothing.
 */
public interface SearchCache {

    Optional<SearchResponse> get(String key);

    void put(String key, SearchResponse response);

    long hits();

    long misses();

    default double hitRate() {
        long h = hits();
        long total = h + misses();
        return total == 0 ? 0 : (double) h / total;
    }

    void invalidateAll();
}
