package io.knowledgehub.service.error;

import java.io.IOException;

/**
 * A request body found larger than the server accepts while it was being read (HTTP 413): one sent without a length.
 * An {@link IOException}, as the stream the body is read from throws it. The message says the limit.
 */
public class ContentTooLargeException extends IOException {

    public ContentTooLargeException(String message) {
        super(message);
    }
}
