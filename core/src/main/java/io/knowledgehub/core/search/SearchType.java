package io.knowledgehub.core.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum SearchType {
    /** By meaning: nearest chunks to the query's embedding. */
    SEMANTIC,
    /** By words: BM25 over title, headings and body. */
    KEYWORD,
    /** Both, fused (the default). */
    HYBRID;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SearchType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }
}
