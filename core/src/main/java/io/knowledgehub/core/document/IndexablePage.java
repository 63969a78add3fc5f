package io.knowledgehub.core.document;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored page as the indexer reads it: what the crawler handed over (title, structured text, headings with their
 * anchors, content type), read through {@link DocumentRepository} with its headings through {@link StoredHeadings}.
 *
 * @param content     the structured text: headings as {@code #} lines, blocks separated by blank lines
 * @param updatedAt   the version read: indexing marks the page indexed only if it is still this version
 * @param contentType the page's content type ({@code text/html}, {@code text/markdown} ...), indexed with its chunks
 */
public record IndexablePage(UUID id, UUID sourceId, String url, String title, String content, List<Heading> headings,
                            Instant changedAt, Instant updatedAt, String contentType) {

    public IndexablePage {
        headings = List.copyOf(headings);
    }

    /** An HTML page. */
    public IndexablePage(UUID id, UUID sourceId, String url, String title, String content, List<Heading> headings,
                         Instant changedAt, Instant updatedAt) {
        this(id, sourceId, url, title, content, headings, changedAt, updatedAt, "text/html");
    }
}
