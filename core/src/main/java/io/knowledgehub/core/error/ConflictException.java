package io.knowledgehub.core.error;

/** The request clashes with the current state (HTTP 409), e.g. a duplicate name or retrying a running job. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String message) {
        this(null, message);
    }

    /** @param field the request field whose value clashes (a source's {@code name}), or null when no one field does */
    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
