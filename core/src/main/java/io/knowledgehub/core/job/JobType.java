package io.knowledgehub.core.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum JobType {
    /** Fetch the source's pages and store changed documents. */
    CRAWL,
    /** Chunk, embed and index changed documents. */
    RAG;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }

    public static JobType fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalStateException("unknown job type " + value));
    }
}
