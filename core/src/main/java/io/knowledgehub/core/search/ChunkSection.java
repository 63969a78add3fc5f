package io.knowledgehub.core.search;

/**
 * A section that starts inside a chunk (the chunker joins small neighbouring sections into one chunk and writes
 * their headings as {@code #} lines): its heading is searched as a heading, and its anchor lets a result link to
 * the part of the chunk the query is about.
 *
 * @param heading the section's heading, as written in the chunk's content
 * @param anchor  its URL fragment, or null when it has none
 */
public record ChunkSection(String heading, String anchor) {
}
