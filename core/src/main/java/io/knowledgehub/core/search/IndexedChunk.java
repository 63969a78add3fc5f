package io.knowledgehub.core.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One chunk as the search index holds it: text fields for keyword search, the vector for semantic search,
 * and what a result shows.
 *
 * @param id           derived from (document, chunk index, content hash): re-indexing the same content is a no-op
 * @param headingPath  enclosing headings, outermost first
 * @param url          the page URL (without the section anchor)
 * @param anchor       the section's URL fragment, or null
 * @param contentType  e.g. {@code text/html}
 * @param updatedAt    when the page's content last changed
 * @param vector       L2-normalised embedding of the chunk
 */
public record IndexedChunk(String id, UUID documentId, UUID sourceId, int chunkIndex, String title,
                           List<String> headingPath, String content, String url, String anchor, String contentType,
                           Instant updatedAt, float[] vector) {

    public IndexedChunk {
        headingPath = List.copyOf(headingPath);
    }
}
