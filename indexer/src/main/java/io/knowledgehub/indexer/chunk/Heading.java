package io.knowledgehub.indexer.chunk;

import java.util.Objects;

/**
 * A heading of a document as the crawler recorded it, in document order, one per {@code #} line of the text.
 *
 * @param level  1..6, the number of {@code #} marks
 * @param text   the heading text, as on its {@code #} line
 * @param anchor the URL fragment that leads to the heading, or null
 */
public record Heading(int level, String text, String anchor) {

    public Heading {
        if (level < 1 || level > 6) {
            throw new IllegalArgumentException("heading level must be 1..6, was " + level);
        }
        Objects.requireNonNull(text, "text");
    }

    /** The heading as a line of structured text, e.g. {@code ## Installation}. */
    String line() {
        return "#".repeat(level) + " " + text;
    }
}
