package io.knowledgehub.crawler.engine;

/**
 * A heading of the main content, kept as structure for chunking.
 *
 * @param level  1..6
 * @param text   the heading text
 * @param anchor the id of the heading (or of its section / a child anchor), usable as a URL fragment; null if none
 */
public record Heading(int level, String text, String anchor) {
}
