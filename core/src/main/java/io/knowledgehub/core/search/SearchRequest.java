package io.knowledgehub.core.search;

/**
 * A validated search.
 *
 * @param rawChunks false (default): one result per page, its best chunk; true: every matching chunk
 */
public record SearchRequest(String query, SearchType type, int limit, int offset, SearchFilter filter, boolean rawChunks) {
}
