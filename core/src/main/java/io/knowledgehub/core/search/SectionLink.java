package io.knowledgehub.core.search;

/**
 * A section that starts inside a chunk (the chunker joins small neighbouring sections into one chunk), with the
 * URL fragment that leads to it: a result can then link to the part of the chunk the query is about.
 *
 * @param heading the section's heading, as written in the chunk's content
 * @param anchor  its URL fragment
 */
public record SectionLink(String heading, String anchor) {
}
