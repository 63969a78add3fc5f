package io.knowledgehub.core.job;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: hands job ids to workers. The jobs table stays the source of truth (status, progress, result); the
 * queue only carries ids, so a lost entry is recovered from the table on start-up.
 *
 * <p>Contract: {@link #enqueue} never blocks and is idempotent per id while the id waits; {@link #take} blocks
 * up to {@code wait} and returns each enqueued id to exactly one taker; implementations are thread-safe.
 */
public interface JobQueue {

    void enqueue(UUID jobId, JobType type);

    Optional<UUID> take(JobType type, Duration wait) throws InterruptedException;

    /** Ids waiting to be taken (the queue depth the autoscaler and the metrics read). */
    long pending(JobType type);
}
