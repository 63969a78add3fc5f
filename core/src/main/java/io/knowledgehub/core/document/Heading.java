package io.knowledgehub.core.document;

import java.util.Objects;

/**
 * A heading of a page's main content, in document order: what the crawler records for each {@code #} line of a
 * page's structured text, and what the indexer chunks by. Stored in {@link Document#headings} through
 * {@link StoredHeadings}.
 *
 * @param level  1..6, the number of {@code #} marks
 * @param text   the heading text, as on its {@code #} line; never null
 * @param anchor the URL fragment that leads to the heading (its id, its section's, or a child anchor's), or null
 * @throws IllegalArgumentException when the level is outside 1..6
 */
public record Heading(int level, String text, String anchor) {

    public Heading {
        if (level < 1 || level > 6) {
            throw new IllegalArgumentException("heading level must be 1..6, was " + level);
        }
        Objects.requireNonNull(text, "text");
    }

    /** The heading as a line of structured text, e.g. {@code ## Installation}. */
    public String line() {
        return "#".repeat(level) + " " + text;
    }
}
