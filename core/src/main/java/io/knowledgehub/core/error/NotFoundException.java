package io.knowledgehub.core.error;

/** The addressed resource does not exist (HTTP 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super("No " + what + " with id '" + id + "' exists; list them with GET /api/v1/" + what + "s to find a valid id.");
    }
}
