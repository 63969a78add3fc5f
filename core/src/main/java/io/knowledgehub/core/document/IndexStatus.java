package io.knowledgehub.core.document;

import java.util.Locale;

/** Where a document's current content stands in the indexing pipeline. */
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
}
