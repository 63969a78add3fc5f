package io.knowledgehub.core.job;

import org.jboss.logging.Logger;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps one worker's {@link JobLease}: renews it every third of its duration and tells the running job to stop
 * when the lease is gone (the queue says another worker has it) or may be gone (no renewal confirmed for a whole
 * lease duration, for example while the queue is unreachable). Stopping then is what keeps two workers from
 * running one job: the queue hands an expired lease to another worker.
 *
 * <p>The local deadline is measured from the moment each renewal was sent (the take, for the first), so it never
 * ends later than the queue's own.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final JobQueue queue;
    private final JobLease lease;
    private final LongSupplier nanoClock;
    private final long durationNanos;
    /** Local clock reading until which the lease is known to be held. */
    private volatile long validUntil;
    /** The queue answered that this worker no longer holds the lease. */
    private volatile boolean lost;
    /** A renewal failed for want of an answer (logged once). */
    private volatile boolean renewFailed;
    /** The job must stop: lost, or no renewal confirmed in time. */
    private volatile boolean stop;
    private ScheduledFuture<?> task;

    /** @param takenAtNanos {@code nanoClock} reading from just before the take was sent */
    LeaseKeeper(JobQueue queue, JobLease lease, long takenAtNanos, LongSupplier nanoClock) {
        this.queue = queue;
        this.lease = lease;
        this.nanoClock = nanoClock;
        this.durationNanos = lease.duration().toNanos();
        this.validUntil = takenAtNanos + durationNanos;
    }

    /** Renews on {@code timer} from now on, every third of the lease. */
    LeaseKeeper start(ScheduledExecutorService timer) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), durationNanos / 3);
        task = timer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.NANOSECONDS);
        return this;
    }

    /** One renewal; called by the timer. */
    void renew() {
        if (lost) {
            return;
        }
        long sent = nanoClock.getAsLong();
        try {
            if (queue.renew(lease)) {
                validUntil = sent + durationNanos;
            } else {
                lost = true;
                stop = true;
                LOG.warnf("Job %s: this worker's lease was taken over by another worker; stopping here", lease.jobId());
            }
        } catch (RuntimeException e) {
            if (!renewFailed) { // once per job: the queue's outage itself is logged by QueueAvailability
                renewFailed = true;
                LOG.warnf("Job %s: could not renew the lease (%s); the job stops if no renewal succeeds in time",
                        lease.jobId(), e.toString());
            }
        }
        shouldStop();
    }

    /** Whether the job must stop now because this worker may no longer hold its lease. */
    boolean shouldStop() {
        if (!stop && nanoClock.getAsLong() - validUntil >= 0) {
            stop = true;
            LOG.warnf("Job %s: no lease renewal confirmed for %d ms; stopping here", lease.jobId(),
                    TimeUnit.NANOSECONDS.toMillis(durationNanos));
        }
        return stop;
    }

    /** What the queue says about a lease after its job stopped early. */
    enum Holding {
        /** This worker still holds it. */
        HELD,
        /** Another worker holds it, or the queue handed it on. */
        LOST,
        /** The queue cannot be reached. */
        UNKNOWN
    }

    /** After the job stopped early: whether this worker still holds the lease (asks the queue). */
    Holding stillHeld() {
        if (lost) {
            return Holding.LOST;
        }
        try {
            return queue.renew(lease) ? Holding.HELD : Holding.LOST;
        } catch (RuntimeException e) {
            LOG.warnf("Job %s: could not reach the queue (%s)", lease.jobId(), e.toString());
            return Holding.UNKNOWN;
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
