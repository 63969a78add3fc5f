package io.knowledgehub.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Port: hands job ids to workers, reliably. The jobs table stays the source of truth (status, progress, result);
 * the queue only carries ids, and tracks which worker holds which job.
 *
 * <p>Contract (implementations are thread-safe, and a shared implementation behaves the same whether the callers
 * are threads of one process or separate processes):
 * <ul>
 *   <li>{@link #enqueue} never blocks and does nothing for an id that is already waiting or held by a worker;</li>
 *   <li>{@link #take} blocks up to {@code wait}, returns ids of one type in the order they were queued, and hands
 *       each to one taker at a time as a {@link JobLease};</li>
 *   <li>a holder keeps its lease with {@link #renew}; a lease not renewed within its duration expires, and the next
 *       {@link #reap} queues the job again for another worker, with the attempt counted, or, once the job was
 *       taken {@code max-attempts} times without being completed, drops it and reports it as poisoned;</li>
 *   <li>{@link #complete} ends the lease and forgets the job's attempts; {@link #release} puts the job back at the
 *       head of the queue without counting the attempt (a worker that stops cleanly);</li>
 *   <li>renew, complete and release answer false, and change nothing, once the caller no longer holds the lease;</li>
 *   <li>every method throws {@link QueueUnavailableException} when the queue's server cannot be reached, and nothing
 *       else for that reason; the jobs table keeps every pending job meanwhile, and {@link JobRelay} queues again what
 *       the queue is missing once it answers (a shared queue's server may come back empty).</li>
 * </ul>
 */
public interface JobQueue {

    void enqueue(UUID jobId, JobType type);

    /** The oldest waiting job of {@code type}, leased to the caller; empty when none came within {@code wait}. */
    Optional<JobLease> take(JobType type, Duration wait) throws InterruptedException;

    /** Extends the lease by its duration; false when it expired and was reaped, or was ended. */
    boolean renew(JobLease lease);

    /** Ends the lease after the job succeeded, failed or was cancelled; false when the caller no longer held it. */
    boolean complete(JobLease lease);

    /** Gives the job back unfinished, at the head of its queue, without counting the attempt; false when not held. */
    boolean release(JobLease lease);

    /**
     * Handles the expired leases of {@code type}: each job goes back to the queue, or is dropped once it used up its
     * attempts. Any worker may call this at any time; each expired lease is reported to one caller.
     */
    List<AbandonedJob> reap(JobType type);

    /** Ids waiting to be taken (the queue depth the autoscaler and the metrics read). */
    long pending(JobType type);

    /** Ids waiting to be taken, in no particular order. */
    Set<UUID> waiting(JobType type);

    /** Ids held by a worker now, including leases that expired but were not reaped yet. */
    Set<UUID> inProgress(JobType type);
}
