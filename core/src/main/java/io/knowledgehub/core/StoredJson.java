package io.knowledgehub.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON kept in text columns (source config, job results, headings, chunk metadata). What the product wrote
 * itself must read back: a failure here is a bug or a damaged database, so it is an {@link IllegalStateException}.
 */
public final class StoredJson {

    /** For trees: they are written as they are, so no service's JSON naming can change what is stored. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private StoredJson() {
    }

    /** A tree the product built (e.g. {@code SourceConfigParser.toJson}), as the text of its column. */
    public static String write(JsonNode tree) {
        return write(TREES, tree);
    }

    /** @return the parsed tree of a column written by {@link #write(JsonNode)}, or null for a null column */
    public static JsonNode read(String text, String what) {
        return read(TREES, text, what);
    }

    public static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @return the parsed tree, or null for a null column */
    public static JsonNode read(ObjectMapper json, String text, String what) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + what + " is not JSON", e);
        }
    }
}
