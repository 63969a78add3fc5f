package io.knowledgehub.core.job;

/**
 * Thrown by a {@link JobHandler} to fail its job for a reason in the world, not in the code (a site that cannot be
 * reached, a site that forbids crawling): the message is the job's {@code error_message}, a sentence that says what
 * happened and what to do. Logged without a stack trace.
 */
public class JobFailedException extends RuntimeException {

    public JobFailedException(String message) {
        super(message);
    }
}
