package io.knowledgehub.core.job;

/**
 * The {@link JobQueue} cannot be reached (its server is down or does not answer in time). What the failed call did is
 * unknown: it may or may not have reached the queue before the connection failed.
 */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
