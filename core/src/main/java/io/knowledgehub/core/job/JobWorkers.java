package io.knowledgehub.core.job;

import io.knowledgehub.core.error.DatabaseUnavailable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Worker threads that take job ids from the {@link JobQueue} and run them with the matching {@link JobHandler}.
 * On start-up, jobs interrupted by a previous stop are queued again (a crawl re-run is incremental, so cheap).
 *
 * <p>Each taken job is a lease: a timer renews it while the job runs, and the job stops as if cancelled when the
 * lease is lost, so that two workers never run one job. The lease ends when the job ends (completed, failed or
 * cancelled); a worker that stops mid-job hands the job back. The same timer periodically reaps leases of workers
 * that died: their jobs are queued again, or marked failed once they were abandoned {@code max-attempts} times.
 *
 * <p>While the queue cannot be reached the workers pause: each tries again after a pause that doubles from half a
 * second up to {@link #MAX_PAUSE}, so they resume by themselves within seconds of the queue answering again, and the
 * process logs the outage once ({@link QueueAvailability}) instead of an error per attempt. A job running when the
 * queue went away stops once its lease can no longer be confirmed, and goes back to pending in the database;
 * {@link JobRelay} or the queue's own lease expiry hands it on when the queue is back.
 *
 * <p>While the database cannot be reached the workers pause the same way (a job taken meanwhile goes back to the
 * queue untouched), and a running job that meets the outage is not failed: its worker holds on to it until the
 * database answers, then gives it back to pending and to the head of the queue, to be picked up again at once.
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);
    private static final Duration TAKE_WAIT = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    static final Duration MIN_PAUSE = Duration.ofMillis(500);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final JobService jobs;
    private final JobQueue queue;
    private final Instance<JobHandler> handlers;
    private final JobsConfig config;
    private final Event<JobEnded> ended;
    private final QueueAvailability availability;
    private final DatabaseOutage database = new DatabaseOutage();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ScheduledExecutorService timer;

    public JobWorkers(JobService jobs, JobQueue queue, Instance<JobHandler> handlers, JobsConfig config, Event<JobEnded> ended,
                      QueueAvailability availability) {
        this.jobs = jobs;
        this.availability = availability;
        this.queue = queue;
        this.handlers = handlers;
        this.config = config;
        this.ended = ended;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            return;
        }
        try {
            List<UUID> requeued = jobs.recoverAndRequeue();
            if (!requeued.isEmpty()) {
                LOG.infof("Queued %d job(s) left pending or interrupted by the last stop", requeued.size());
            }
        } catch (QueueUnavailableException e) {
            // started while the queue is down: the workers wait for it, and the relay queues what the table holds
            availability.unreachable(e);
        }
        running.set(true);
        timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("job-leases-", 0).daemon().factory());
        Set<JobType> served = EnumSet.noneOf(JobType.class);
        for (JobHandler handler : handlers) {
            int count = handler.type() == JobType.CRAWL ? config.crawlWorkers() : config.ragWorkers();
            for (int i = 0; i < count; i++) {
                Thread t = Thread.ofPlatform().name(handler.type().wire() + "-worker-" + i).daemon()
                        .start(() -> loop(handler));
                threads.add(t);
                served.add(handler.type());
            }
        }
        long reapMs = Math.max(100, config.reapInterval().toMillis());
        timer.scheduleWithFixedDelay(() -> served.forEach(this::reap), reapMs, reapMs, TimeUnit.MILLISECONDS);
    }

    /**
     * A graceful stop: no job is taken any more, running jobs are told to stop at the end of the page or batch under
     * way (their progress reports answer "stop") and hand themselves back; after {@code kh.jobs.stop-wait} the ones
     * still running are interrupted and hand themselves back too. Leases are renewed until each job is handed back, so
     * no other worker starts a job while this one still writes for it.
     */
    void onStop(@Observes ShutdownEvent event) {
        if (!running.getAndSet(false)) {
            return;
        }
        long started = System.nanoTime();
        // each worker's loop ends after its take (at most TAKE_WAIT) or once its job is handed back
        joinAll(started + config.stopWait().toNanos());
        List<Thread> left = threads.stream().filter(Thread::isAlive).toList();
        if (!left.isEmpty()) {
            LOG.infof("Stopping: %d job worker(s) still busy after %d s; interrupting them", left.size(), config.stopWait().toSeconds());
            left.forEach(Thread::interrupt);
            joinAll(System.nanoTime() + STOP_WAIT.toNanos());
        }
        timer.shutdownNow();
        LOG.debugf("Job workers stopped in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void joinAll(long deadline) {
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop(JobHandler handler) {
        Duration pause = MIN_PAUSE;
        while (running.get()) {
            try {
                long sent = System.nanoTime();
                Optional<JobLease> lease;
                try {
                    lease = queue.take(handler.type(), TAKE_WAIT);
                } catch (QueueUnavailableException e) {
                    availability.unreachable(e);
                    Thread.sleep(pause.toMillis());
                    pause = nextPause(pause);
                    continue;
                }
                pause = MIN_PAUSE;
                availability.reachable();
                if (lease.isPresent() && !running.get()) {
                    releaseQuietly(lease.get()); // taken as the process began to stop: back to the head of the queue
                } else if (lease.isPresent()) {
                    runOne(handler, lease.get(), sent);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.is(e)) {
                    LOG.error("Job worker error", e);
                    pause(TAKE_WAIT);
                    continue;
                }
                database.unreachable(e);
                pause(pause);
                pause = nextPause(pause);
            }
        }
    }

    /**
     * Whether the database can be reached, as the workers' last calls found: logged once when it goes away and once
     * when it answers again.
     */
    static final class DatabaseOutage {
        private final AtomicReference<Instant> since = new AtomicReference<>();

        void unreachable(RuntimeException e) {
            if (since.compareAndSet(null, Instant.now())) {
                LOG.warnf("The database cannot be reached (%s): job workers pause and try again by themselves; a job "
                        + "under way is kept and given back to the queue once the database answers", rootMessage(e));
            }
        }

        void answered() {
            Instant was = since.getAndSet(null);
            if (was != null) {
                LOG.infof("The database answers again after %d s: job workers resume",
                        Duration.between(was, Instant.now()).toSeconds());
            }
        }

        Optional<Instant> since() {
            return Optional.ofNullable(since.get());
        }

        private static String rootMessage(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t.toString();
        }
    }

    /** The next pause of a worker that found the queue unreachable: doubled, at most {@link #MAX_PAUSE}. */
    static Duration nextPause(Duration pause) {
        Duration next = pause.multipliedBy(2);
        return next.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : next;
    }

    /** After an unexpected failure, so the loop does not spin. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Since when the workers of this process have been waiting for the job queue to answer; empty while it answers. */
    public Optional<Instant> pausedSince() {
        return running.get() ? availability.unreachableSince() : Optional.empty();
    }

    /** Since when the workers of this process have been waiting for the database to answer; empty while it answers. */
    public Optional<Instant> pausedForDatabaseSince() {
        return running.get() ? database.since() : Optional.empty();
    }

    private void runOne(JobHandler handler, JobLease lease, long takenAt) throws InterruptedException {
        try (JobLogContext log = JobLogContext.open(lease.jobId(), handler.type())) {
            runOne(handler, lease, takenAt, log);
        }
    }

    private void runOne(JobHandler handler, JobLease lease, long takenAt, JobLogContext log) throws InterruptedException {
        UUID id = lease.jobId();
        LeaseKeeper keeper = new LeaseKeeper(queue, lease, takenAt, System::nanoTime).start(timer);
        boolean handedBack = false;
        boolean interrupted = false;
        // whether the job's state is recorded as this worker leaves it (finished, failed, or not to be run); when that
        // could not be written (a full disk, a database that closed), the lease is left to expire, so the job runs again
        // instead of staying "running" with no worker
        boolean settled = false;
        try {
            boolean started;
            try {
                started = jobs.start(id, lease.redelivered());
            } catch (RuntimeException e) {
                if (DatabaseUnavailable.is(e)) {
                    // the job was not touched: back to the head of the queue, the attempt not counted
                    handedBack = releaseQuietly(lease);
                }
                throw e;
            }
            database.answered();
            if (!started) {
                settled = true;
                return; // cancelled while queued, or already finished
            }
            ProgressReporter progress = new ProgressReporter(jobs, id, keeper, () -> !running.get());
            int attempts = -1; // unknown until read: a hand-back without the queue then leaves the job to its lease
            try {
                Job job = jobs.get(id);
                attempts = job.attempts;
                log.source(job.sourceId);
                if (lease.redelivered()) {
                    LOG.infof("Job %s: attempt %d (an earlier worker stopped without finishing it)", id, lease.attempt());
                }
                Object result = handler.run(job, progress);
                if (keeper.shouldStop() || progress.toldToStop()) {
                    // it ended early because the lease was lost or the process is stopping: the rest runs elsewhere
                    handedBack = handBack(lease, keeper, attempts);
                } else {
                    announce(id, handler.type(), takenAt, jobs.finish(id, result));
                    settled = true;
                }
            } catch (InterruptedException e) {
                // stopping: the job goes back to the queue for another worker or the next start
                interrupted = true;
                handedBack = handBack(lease, keeper, attempts);
            } catch (Exception e) {
                if (keeper.shouldStop() || !running.get()) {
                    interrupted = Thread.interrupted(); // the database calls below must not see the stop request
                    handedBack = handBack(lease, keeper, attempts);
                } else if (DatabaseUnavailable.is(e)) {
                    // not the job's fault: it is kept (its lease renewed) until the database answers, then given back
                    database.unreachable(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                    handedBack = handBackOnceTheDatabaseAnswers(lease, keeper, attempts);
                } else {
                    if (e instanceof JobFailedException) {
                        LOG.infof("Job %s failed: %s", id, e.getMessage());
                    } else if (endedMeanwhile(id)) {
                        // cancelled while it ran, or deleted with its source (whose rows it could then not write): the
                        // error is the cancel's or the deletion's, not the job's (which keeps its final state)
                        LOG.infof("Job %s stopped: it was cancelled or its source deleted while it ran (%s)", id, e.toString());
                    } else {
                        LOG.warnf(e, "Job %s failed", id);
                    }
                    announce(id, handler.type(), takenAt, jobs.fail(id, userMessage(e), progress.lastResult()));
                    settled = true;
                }
            }
        } catch (RuntimeException e) {
            if (handedBack || settled || DatabaseUnavailable.is(e)) {
                throw e;
            }
            LOG.warnf("Job %s: how it ended could not be recorded (%s); it runs again once its lease expires (kh.jobs.lease, %d s)",
                    id, DatabaseOutage.rootMessage(e), config.lease().toSeconds());
        } finally {
            keeper.close();
            if (!handedBack && !settled) {
                LOG.debugf("Job %s: lease left to expire", id);
            } else if (!handedBack) {
                try {
                    queue.complete(lease);
                } catch (RuntimeException e) {
                    LOG.warnf("Job %s: could not end its lease (%s); it expires on its own", id, e.toString());
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException();
        }
    }

    /** Whether the job is gone (its source deleted) or no longer running (cancelled); false when that cannot be read. */
    private boolean endedMeanwhile(UUID id) {
        try {
            return jobs.get(id).status() != JobStatus.RUNNING;
        } catch (io.knowledgehub.core.error.NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Tells the listeners (metrics) how the job ended; never lets a listener's failure touch the job. */
    private void announce(UUID id, JobType type, long takenAt, String resultJson) {
        try {
            JobStatus status = jobs.get(id).status();
            ended.fire(new JobEnded(id, type, status, Duration.ofNanos(System.nanoTime() - takenAt), resultJson));
        } catch (RuntimeException e) {
            LOG.debugf("Job %s: could not announce its end (%s)", id, e.toString());
        }
    }

    /**
     * A job that stopped before its end without failing: if this worker still holds the lease, the job goes back
     * to pending and to the head of the queue, and the attempt does not count; otherwise another worker has it.
     *
     * @param attempts the job's attempts once this worker started it: whether another worker started it since
     */
    private boolean handBack(JobLease lease, LeaseKeeper keeper, int attempts) {
        LeaseKeeper.Holding holding = keeper.stillHeld();
        if (holding == LeaseKeeper.Holding.UNKNOWN) {
            // the queue cannot be reached: the job goes back to pending in the database (unless another worker
            // started it meanwhile), and the queue hands it on when it answers again (lease expiry, or the relay)
            boolean requeued = jobs.requeueStarted(lease.jobId(), attempts);
            LOG.infof("Job %s stopped: its lease could not be confirmed while the job queue cannot be reached%s", lease.jobId(),
                    requeued ? "; it is pending again and runs once the queue answers" : "");
            return true; // its lease expires in the queue
        }
        if (holding == LeaseKeeper.Holding.LOST) {
            LOG.warnf("Job %s stopped here; another worker holds it now", lease.jobId());
            return true; // nothing of ours to end
        }
        try {
            jobs.requeue(lease.jobId());
            boolean released = queue.release(lease);
            LOG.infof("Job %s stopped before its end and was queued again", lease.jobId());
            return released;
        } catch (RuntimeException e) {
            LOG.warnf("Job %s: could not queue it again (%s); its lease expires and another worker takes it", lease.jobId(), e.toString());
            return true; // leave the lease to expire: the queue hands the job on
        }
    }

    private boolean releaseQuietly(JobLease lease) {
        try {
            return queue.release(lease);
        } catch (RuntimeException e) {
            return false; // its lease expires and the queue hands it on
        }
    }

    /**
     * A job interrupted by a database outage: waits (renewing the lease) until the database answers, then gives the job
     * back as {@link #handBack} does. Gives up when the lease is lost or the process stops: the lease then expires and
     * the queue hands the job on, or the relay does once the database answers.
     */
    private boolean handBackOnceTheDatabaseAnswers(JobLease lease, LeaseKeeper keeper, int attempts) {
        Duration pause = MIN_PAUSE;
        while (running.get() && !keeper.shouldStop()) {
            try {
                jobs.get(lease.jobId());
                database.answered();
                return handBack(lease, keeper, attempts);
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.is(e)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: the worker's loop ends
                break;
            }
            pause = nextPause(pause);
        }
        LOG.infof("Job %s: stopped while waiting for the database; it is handed on once its lease expires", lease.jobId());
        return true;
    }

    /** Expired leases of {@code type}: jobs queued again, or failed when they keep being abandoned. */
    void reap(JobType type) {
        try {
            for (AbandonedJob a : queue.reap(type)) {
                if (a.poisoned()) {
                    LOG.warnf("Job %s failed: abandoned %d times by workers that stopped", a.jobId(), a.attempts());
                    try {
                        jobs.fail(a.jobId(), abandonedMessage(a.attempts()), null);
                    } catch (RuntimeException e) {
                        // the failure could not be written (the database cannot take writes): the job would stay
                        // "running" with nothing to run it, so it goes back to the queue and is tried again
                        LOG.warnf("Job %s: could not record that it failed (%s); queued again", a.jobId(), e.toString());
                        queue.enqueue(a.jobId(), type);
                    }
                } else {
                    LOG.infof("Job %s queued again: the worker running it stopped renewing its lease (attempt %d)",
                            a.jobId(), a.attempts());
                }
            }
        } catch (QueueUnavailableException e) {
            availability.unreachable(e);
        } catch (RuntimeException e) {
            LOG.warnf("Could not look for abandoned %s jobs: %s", type.wire(), e.toString());
        }
    }

    static String abandonedMessage(int attempts) {
        return "The job was abandoned " + attempts + " times by workers that stopped while running it; it is not retried again. "
                + "The worker logs around its start times tell why (for example running out of memory); "
                + "retry it with POST /api/v1/jobs/{id}/retry once that is fixed.";
    }

    /** Domain exceptions carry sentences for the user; anything else is summarised without internals. */
    static String userMessage(Exception e) {
        if (io.knowledgehub.core.error.DiskFull.is(e)) {
            return "A disk is full (No space left on device: the data directory's, or the database server's): what this job "
                    + "wrote last was not kept. Free disk space, then retry the job with POST /api/v1/jobs/{id}/retry.";
        }
        if (e instanceof RuntimeException && e.getClass().getPackageName().startsWith("io.knowledgehub") && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return "A read or write failed: " + e.getMessage() + ". Check the disk and the data directory, then retry the job.";
        }
        return "The job failed unexpectedly; the server log has the details (search it for this job's id). Retry it with POST /api/v1/jobs/{id}/retry.";
    }

    /**
     * Writes progress to the jobs table and learns from it whether the job was cancelled; a job whose lease is lost
     * is told to stop the same way, and writes nothing more.
     */
    static final class ProgressReporter implements JobProgress {
        private final JobService jobs;
        private final UUID id;
        private final LeaseKeeper keeper;
        private final BooleanSupplier stopping;
        private volatile boolean cancelled;
        private volatile boolean toldToStop;
        private volatile Object lastResult;

        ProgressReporter(JobService jobs, UUID id, LeaseKeeper keeper, BooleanSupplier stopping) {
            this.jobs = jobs;
            this.id = id;
            this.keeper = keeper;
            this.stopping = stopping;
        }

        @Override
        public boolean report(int progress, int totalPages, int processedPages, Object result) {
            if (keeper.shouldStop()) {
                return false;
            }
            if (result != null) {
                lastResult = result;
            }
            if (!jobs.reportProgress(id, progress, totalPages, processedPages, result)) {
                cancelled = true;
            }
            return !cancelled && !stopRequested();
        }

        @Override
        public boolean isCancelled() {
            return cancelled || keeper.shouldStop() || stopRequested();
        }

        /** Whether the handler was told to stop because the process is stopping (and so must be handed back). */
        boolean toldToStop() {
            return toldToStop;
        }

        private boolean stopRequested() {
            if (stopping.getAsBoolean()) {
                toldToStop = true;
            }
            return toldToStop;
        }

        Object lastResult() {
            return lastResult;
        }
    }
}
