package io.knowledgehub.core.job;

import java.util.UUID;

/**
 * A job whose lease expired because its worker stopped renewing it (the process died, hung or lost the queue),
 * as reported by {@link JobQueue#reap}.
 *
 * @param attempts times the job was taken, the abandoned one included
 * @param poisoned true when {@code attempts} reached the maximum: the job left the queue for good and must be
 *                 marked failed; false when it was queued again for another worker
 */
public record AbandonedJob(UUID jobId, JobType type, int attempts, boolean poisoned) {
}
