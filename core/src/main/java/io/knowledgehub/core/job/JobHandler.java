package io.knowledgehub.core.job;

/**
 * Runs one type of job. Implementations are CDI beans; the {@link JobWorkers} find them by {@link #type()}.
 *
 * <p>Contract: {@link #run} returns the job's result (a record or a map of counters, which the jobs table stores as
 * JSON; or null) when the job completed or was cancelled
 * (then {@link JobProgress#isCancelled()} is true); it throws to fail the job, with a message meant for the
 * user. It reports progress through {@code progress}, which also tells it when the job was cancelled.
 */
public interface JobHandler {

    JobType type();

    Object run(Job job, JobProgress progress) throws Exception;
}
