package io.knowledgehub.core.document;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a document's current content stands in the indexing pipeline. The documents table ({@code index_status}) and
 * the REST API hold {@link #wire()} (lower case).
 */
public enum IndexStatus {
    /** Changed content waiting to be chunked, embedded and indexed. */
    PENDING,
    /** The index holds the current content. */
    INDEXED,
    /** Indexing failed; the next crawl or a retried job tries again. */
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IndexStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** The status a stored wire value names; a value no status has means the table holds something it never wrote. */
    public static IndexStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalStateException("unknown document index status " + value));
    }
}
