package io.knowledgehub.core.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Background job execution in this process. */
@ConfigMapping(prefix = "kh.jobs")
public interface JobsConfig {

    /** Whether this process runs job workers at all (an API-only replica in cluster mode sets false). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Crawl jobs run at the same time in this process (each crawls one source). */
    @WithDefault("2")
    int crawlWorkers();

    /** Indexing (RAG) jobs run at the same time in this process. */
    @WithDefault("1")
    int ragWorkers();

    /**
     * How long a worker keeps a job it took without renewing it; a worker renews every third of it. When a worker
     * stops renewing (its process died or hung), the job goes to another worker once this has passed.
     */
    @WithDefault("30s")
    Duration lease();

    /**
     * Times a job may be taken by workers that then stop without finishing it; when the last of them stops too,
     * the job is marked failed instead of being queued again (a job that keeps bringing workers down).
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * When the process is asked to stop (SIGTERM, a rolling update): how long its workers wait for their running jobs to
     * reach the end of the page or batch under way and hand themselves back to the queue (pending, at its head, the
     * attempt not counted). Jobs still running then are interrupted and handed back the same way. Keep it below
     * the pod's termination grace period.
     */
    @WithDefault("20s")
    Duration stopWait();

    /** How often this process looks for jobs whose worker stopped renewing. */
    @WithDefault("5s")
    Duration reapInterval();

    /**
     * How often this process makes the job queue hold every job the jobs table says must run ({@link JobRelay}): jobs
     * created while the queue could not be reached, and jobs a restarted queue server lost. 0 turns it off (the
     * standalone app, whose in-process queue is filled from the table at start and cannot lose jobs while it runs);
     * the cluster services set it.
     */
    @WithDefault("0s")
    Duration relayInterval();
}
