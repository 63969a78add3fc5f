package io.knowledgehub.core.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Worker threads that take job ids from the {@link JobQueue} and run them with the matching {@link JobHandler}.
 * On start-up, jobs interrupted by a previous stop are queued again (a crawl re-run is incremental, so cheap).
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);

    private final JobService jobs;
    private final JobQueue queue;
    private final Instance<JobHandler> handlers;
    private final JobsConfig config;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();

    public JobWorkers(JobService jobs, JobQueue queue, Instance<JobHandler> handlers, JobsConfig config) {
        this.jobs = jobs;
        this.queue = queue;
        this.handlers = handlers;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            return;
        }
        List<UUID> requeued = jobs.recoverAndRequeue();
        if (!requeued.isEmpty()) {
            LOG.infof("Queued %d job(s) left pending or interrupted by the last stop", requeued.size());
        }
        running.set(true);
        for (JobHandler handler : handlers) {
            int count = handler.type() == JobType.CRAWL ? config.crawlWorkers() : config.ragWorkers();
            for (int i = 0; i < count; i++) {
                Thread t = Thread.ofPlatform().name(handler.type().wire() + "-worker-" + i).daemon()
                        .start(() -> loop(handler));
                threads.add(t);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
        threads.forEach(Thread::interrupt);
    }

    private void loop(JobHandler handler) {
        while (running.get()) {
            try {
                queue.take(handler.type(), Duration.ofSeconds(1)).ifPresent(id -> runOne(handler, id));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Job worker error", e);
            }
        }
    }

    private void runOne(JobHandler handler, UUID id) {
        if (!jobs.start(id)) {
            return; // cancelled while queued, or already taken
        }
        Job job = jobs.get(id);
        ProgressReporter progress = new ProgressReporter(jobs, id);
        try {
            String result = handler.run(job, progress);
            jobs.finish(id, result);
        } catch (InterruptedException e) {
            // stopping: the job stays running and is queued again on the next start
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(e, "Job %s failed", id);
            jobs.fail(id, userMessage(e), progress.lastResult());
        }
    }

    /** Domain exceptions carry sentences for the user; anything else is summarised without internals. */
    static String userMessage(Exception e) {
        if (e instanceof RuntimeException && e.getClass().getPackageName().startsWith("io.knowledgehub") && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            return "A read or write failed: " + e.getMessage() + ". Check the disk and the data directory, then retry the job.";
        }
        return "The job failed unexpectedly; the server log has the details (search it for this job's id). Retry it with POST /api/v1/jobs/{id}/retry.";
    }

    /** Writes progress to the jobs table and learns from it whether the job was cancelled. */
    static final class ProgressReporter implements JobProgress {
        private final JobService jobs;
        private final UUID id;
        private volatile boolean cancelled;
        private volatile String lastResult;

        ProgressReporter(JobService jobs, UUID id) {
            this.jobs = jobs;
            this.id = id;
        }

        @Override
        public boolean report(int progress, int totalPages, int processedPages, String resultJson) {
            if (resultJson != null) {
                lastResult = resultJson;
            }
            if (!jobs.reportProgress(id, progress, totalPages, processedPages, resultJson)) {
                cancelled = true;
            }
            return !cancelled;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        String lastResult() {
            return lastResult;
        }
    }
}
