package io.knowledgehub.core.job;

import java.time.Duration;
import java.util.UUID;

/**
 * CDI event fired by {@link JobWorkers} when a job it ran reached a final status in this process (metrics listen to
 * it). Not fired for a job handed back to the queue or lost to another worker.
 *
 * @param status     completed, failed or cancelled
 * @param duration   from the take to the end
 * @param resultJson the job's result counters, or null
 */
public record JobEnded(UUID jobId, JobType type, JobStatus status, Duration duration, String resultJson) {
}
