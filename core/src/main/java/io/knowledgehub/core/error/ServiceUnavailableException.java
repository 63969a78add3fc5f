package io.knowledgehub.core.error;

import java.time.Duration;

/**
 * A server the request needs (in cluster mode, the Redis through which index changes reach the indexer) cannot be
 * reached now: HTTP 503 with {@code Retry-After}. The message says what was and was not done.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When trying again makes sense, at the earliest. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
