package io.knowledgehub.core.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One result: a page (its best chunk) or, on request, a chunk.
 *
 * @param url      the page URL with the section anchor when known
 * @param snippet  a short passage with the matched words in {@code <mark>}, HTML-escaped otherwise; Markdown blocks
 *                 without markup when the request asked for Markdown snippets
 * @param score    relevance in 0..1 (see {@link ScoreModel})
 */
public record SearchResult(String id, UUID documentId, UUID sourceId, String source, String title, String url,
                           String snippet, String content, double score, int chunkIndex, Instant updatedAt,
                           List<String> headingPath) {
}
