package io.knowledgehub.core.job;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A job handed to one worker by {@link JobQueue#take}. The worker keeps it by calling {@link JobQueue#renew}
 * before {@link #duration()} has passed and ends it with {@link JobQueue#complete} (or {@link JobQueue#release}
 * when it stops without running the job to its end). A lease not renewed in time expires: the job goes to another
 * worker, and the old holder's renew, complete and release calls answer false from then on.
 *
 * @param attempt  how many times the job was taken since it was queued, this time included; above 1 means an
 *                 earlier holder stopped without finishing it (the jobs table may still show it running)
 * @param token    tells this holder apart from any later one; opaque
 * @param duration how long the lease lasts after the take or the last renewal
 */
public record JobLease(UUID jobId, JobType type, int attempt, String token, Duration duration) {

    public JobLease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether an earlier holder lost this job (it died or stopped renewing). */
    public boolean redelivered() {
        return attempt > 1;
    }
}
