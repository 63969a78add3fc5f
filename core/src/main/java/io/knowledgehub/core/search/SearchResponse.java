package io.knowledgehub.core.search;

import java.util.List;

/** @param total results available for this query (pages, or chunks with raw_chunks), up to the candidate pool */
public record SearchResponse(String query, String searchType, List<SearchResult> results, long total, long tookMs) {
}
