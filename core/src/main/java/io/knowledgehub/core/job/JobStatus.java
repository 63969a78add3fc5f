package io.knowledgehub.core.job;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a job, with its allowed transitions in one place. The jobs table and the REST API hold
 * {@link #wire()} (lower case); {@link JobRepository#transition} is the only way a stored job changes status,
 * and it refuses any move {@link #canMoveTo} does not allow.
 */
public enum JobStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** Pending or running: a job some worker will run or runs now. */
    public static final Set<JobStatus> ACTIVE = Set.copyOf(EnumSet.of(PENDING, RUNNING));

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalStateException("unknown job status " + value));
    }

    public static Optional<JobStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * Whether a job may move from this status to {@code next}. No status moves to itself: in particular a running
     * job is never started again as a transition; a worker that takes over a running job whose earlier holder lost
     * its lease does so with {@link JobRepository#reclaim}, which keeps the status and counts the attempt.
     */
    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            // RUNNING: a worker claims it; CANCELLED: a user cancels it while queued; FAILED: the queue gave up on
            // a job abandoned too often, which may be pending again in the table (handed back, or recovered)
            case PENDING -> next == RUNNING || next == CANCELLED || next == FAILED;
            // PENDING: handed back by a worker that stops, or queued again after its process died or the queue lost it
            case RUNNING -> next == COMPLETED || next == FAILED || next == CANCELLED || next == PENDING;
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
