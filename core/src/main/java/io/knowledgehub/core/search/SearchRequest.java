package io.knowledgehub.core.search;

/**
 * A validated search.
 *
 * @param rawChunks        false (default): one result per page, its best chunk; true: every matching chunk
 * @param markdownSnippets false (default): snippets are HTML-escaped text with the matches in {@code <mark>};
 *                         true: snippets are Markdown (whole blocks of the chunk, code fenced, no HTML)
 */
public record SearchRequest(String query, SearchType type, int limit, int offset, SearchFilter filter, boolean rawChunks,
                            boolean markdownSnippets) {

    /** A search with HTML snippets. */
    public SearchRequest(String query, SearchType type, int limit, int offset, SearchFilter filter, boolean rawChunks) {
        this(query, type, limit, offset, filter, rawChunks, false);
    }
}
