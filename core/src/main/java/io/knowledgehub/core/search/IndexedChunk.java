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
 * @param sections     sections starting inside the chunk, in order (empty for a chunk that is one section)
 */
public record IndexedChunk(String id, UUID documentId, UUID sourceId, int chunkIndex, String title,
                           List<String> headingPath, String content, String url, String anchor, String contentType,
                           Instant updatedAt, float[] vector, List<ChunkSection> sections) {

    public IndexedChunk {
        headingPath = List.copyOf(headingPath);
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    /** A chunk that is one section (or part of one). */
    public IndexedChunk(String id, UUID documentId, UUID sourceId, int chunkIndex, String title, List<String> headingPath,
                        String content, String url, String anchor, String contentType, Instant updatedAt, float[] vector) {
        this(id, documentId, sourceId, chunkIndex, title, headingPath, content, url, anchor, contentType, updatedAt,
                vector, List.of());
    }

    /**
     * The URL fragment for a result about {@code words} (the query's words; see {@link SectionAnchors} for what
     * matches a word): the anchor of the inner section whose heading holds the most of them (at least one); else of
     * the one whose text holds the most of them (a joined chunk of PDF pages, headed "Page 1", "Page 2", ..., links to
     * the page the words are on); the first on a tie; else the chunk's own.
     */
    public String anchorFor(List<String> words) {
        return SectionAnchors.pick(anchor, content, sections, words);
    }
}
