package io.knowledgehub.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON kept in text columns (source config, job results, headings, chunk metadata). What the product wrote
 * itself must read back: a failure here is a bug or a damaged database, so it is an {@link IllegalStateException}.
 */
public final class StoredJson {

    private StoredJson() {
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
