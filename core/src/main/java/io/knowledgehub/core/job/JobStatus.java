package io.knowledgehub.core.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The life of a job, with its allowed transitions in one place. */
public enum JobStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

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

    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            case PENDING -> Set.of(RUNNING, CANCELLED).contains(next);
            // RUNNING -> PENDING: the process died mid-job and the job is queued again on start-up
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED, PENDING).contains(next);
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
