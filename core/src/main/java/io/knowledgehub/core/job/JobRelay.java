package io.knowledgehub.core.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes the queue hold what the jobs table says must run, every {@code kh.jobs.relay-interval} (cluster services).
 * The table is the source of truth and the queue's outbox ({@link JobService}); the queue can miss jobs in two ways:
 * <ul>
 *   <li>a job committed while the queue could not be reached: pending in the table, never queued;</li>
 *   <li>the queue's server came back empty (Redis restarted without persistence, a failover that lost writes): jobs
 *       pending in the table and no longer waiting, and jobs running in the table that no worker holds any more
 *       (their workers lost the lease and stopped);</li>
 *   <li>a worker ended its lease but could not record the job's end (the database went away at that moment): running
 *       in the table, held by nobody.</li>
 * </ul>
 * A pass queues every pending job the queue neither has waiting nor held, and moves back to pending (then queues)
 * every running job that no worker holds and whose row has not changed for a lease and a reap interval, by then its
 * worker has noticed the lost lease and stopped. Safe with any number of replicas: queueing is idempotent (an id
 * waiting or held is not queued twice), a job queued after it ended is dropped by the worker that takes it (it is no
 * longer pending), and the running → pending move is conditional on the row being unchanged, so one relay makes it.
 * A pass with nothing pending or stale in the table does not call the queue.
 */
@ApplicationScoped
public class JobRelay {

    private static final Logger LOG = Logger.getLogger(JobRelay.class);

    private final JobService jobs;
    private final JobQueue queue;
    private final QueueAvailability availability;
    private final JobsConfig config;
    private ScheduledExecutorService timer;
    private volatile boolean databaseFailed;

    public JobRelay(JobService jobs, JobQueue queue, QueueAvailability availability, JobsConfig config) {
        this.jobs = jobs;
        this.queue = queue;
        this.availability = availability;
        this.config = config;
    }

    /** What one pass did. */
    public record Pass(int queued, int recovered) {
    }

    void onStart(@Observes StartupEvent event) {
        long ms = config.relayInterval().toMillis();
        if (ms <= 0) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-relay").daemon().factory());
        timer.scheduleWithFixedDelay(this::relayQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void relayQuietly() {
        try {
            relay();
            if (databaseFailed) {
                databaseFailed = false;
                LOG.info("Job relay: the database answers again");
            }
        } catch (QueueUnavailableException e) {
            availability.unreachable(e);
        } catch (RuntimeException e) {
            if (!databaseFailed) {
                databaseFailed = true;
                LOG.warnf("Job relay: could not read the jobs table (%s); trying again every %d s", e.toString(),
                        config.relayInterval().toSeconds());
            }
        }
    }

    /** One pass; throws {@link QueueUnavailableException} when the queue cannot be reached (nothing half done matters: the next pass repeats it). */
    public Pass relay() {
        List<JobService.JobRef> pending = jobs.pendingJobs();
        Duration grace = config.lease().plus(config.reapInterval());
        List<JobService.JobRef> stale = jobs.runningJobsUnchangedSince(Instant.now().minus(grace));
        if (pending.isEmpty() && stale.isEmpty()) {
            return new Pass(0, 0);
        }
        Map<JobType, Set<UUID>> known = new EnumMap<>(JobType.class);
        for (JobService.JobRef j : pending) {
            known.computeIfAbsent(j.type(), this::inQueue);
        }
        for (JobService.JobRef j : stale) {
            known.computeIfAbsent(j.type(), this::inQueue);
        }
        int queued = 0;
        for (JobService.JobRef j : pending) {
            if (!known.get(j.type()).contains(j.id())) {
                queue.enqueue(j.id(), j.type());
                queued++;
            }
        }
        int recovered = 0;
        for (JobService.JobRef j : stale) {
            if (!known.get(j.type()).contains(j.id()) && jobs.requeueLost(j)) {
                queue.enqueue(j.id(), j.type());
                recovered++;
                LOG.infof("Job %s was running, but no worker holds it in the job queue (its worker stopped without ending it, "
                        + "or the queue lost it); queued again", j.id());
            }
        }
        availability.reachable();
        if (queued > 0) {
            LOG.infof("Queued %d job(s) that were pending in the database but missing from the job queue", queued);
        }
        return new Pass(queued, recovered);
    }

    /** Ids the queue has waiting or held: waiting first, so an id taken in between is seen held. */
    private Set<UUID> inQueue(JobType type) {
        Set<UUID> ids = new HashSet<>(queue.waiting(type));
        ids.addAll(queue.inProgress(type));
        return ids;
    }
}
