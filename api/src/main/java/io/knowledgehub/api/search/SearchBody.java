package io.knowledgehub.api.search;

import java.util.List;

/**
 * Body of POST /api/v1/search.
 *
 * @param snippetFormat {@code html} (default: escaped text, matches in {@code <mark>}) or {@code markdown}
 */
public record SearchBody(String query, String searchType, Integer limit, Integer offset, Filters filters, Boolean rawChunks,
                         String snippetFormat) {

    /** Dates are ISO-8601: a day ({@code 2024-01-31}) or an instant ({@code 2024-01-31T12:00:00Z}). */
    public record Filters(List<String> sourceIds, String dateFrom, String dateTo, List<String> contentTypes) {
    }
}
