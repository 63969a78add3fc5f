package io.knowledgehub.core.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Search settings ({@code kh.search.*}). */
@ConfigMapping(prefix = "kh.search")
public interface SearchConfig {

    /** How long a search answer is reused (the spec's SEARCH_CACHE_TTL, in seconds); 0 turns the cache off. */
    @WithDefault("${SEARCH_CACHE_TTL:3600}")
    long cacheTtlSeconds();

    /** Answers kept in the cache at most. */
    @WithDefault("10000")
    long cacheSize();

    /** Chunks each retrieval contributes before fusion and grouping by page. */
    @WithDefault("200")
    int candidates();

    /** Share of the semantic side in hybrid scores (0..1). */
    @WithDefault("0.6")
    double semanticWeight();

    /** Cosine similarity that maps to relevance 0 (model-specific calibration). */
    @WithDefault("0.15")
    double semanticFloor();

    /** Cosine similarity that maps to relevance 1. */
    @WithDefault("0.70")
    double semanticCeiling();

    /** Words in a result snippet. */
    @WithDefault("40")
    int snippetWords();

    default Duration cacheTtl() {
        return Duration.ofSeconds(cacheTtlSeconds());
    }
}
