package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.source.SourceConfig;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything one crawl of one source needs to know.
 *
 * @param baseUrl       the source's base URL (depth 0)
 * @param config        the source's validated configuration
 * @param forceRefresh  true: every page is reprocessed (no conditional GET, no hash comparison)
 * @param knownPages    pages stored by earlier crawls, keyed by their normalised URL; empty for a first crawl
 * @param storedText    loads the stored text of a known page by URL (only called for fuzzy change detection)
 */
public record CrawlRequest(
        URI baseUrl,
        SourceConfig config,
        boolean forceRefresh,
        Map<String, KnownPage> knownPages,
        Function<String, Optional<String>> storedText) {

    public CrawlRequest {
        knownPages = Map.copyOf(knownPages);
    }

    /** An incremental crawl is one that has known pages and is not forced. */
    public boolean incremental() {
        return !forceRefresh && !knownPages.isEmpty();
    }
}
