package io.knowledgehub.core.error;

/** The request is malformed or a field is invalid (HTTP 400). The message says what to fix. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON path of the offending field (e.g. {@code config.max_depth}), or null. */
    public String field() {
        return field;
    }
}
