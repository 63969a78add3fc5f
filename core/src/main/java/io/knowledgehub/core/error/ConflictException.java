package io.knowledgehub.core.error;

/** The request clashes with the current state (HTTP 409), e.g. a duplicate name or retrying a running job. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
