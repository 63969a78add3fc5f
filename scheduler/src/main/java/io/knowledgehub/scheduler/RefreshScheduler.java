package io.knowledgehub.scheduler;

import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.core.source.SourceStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Once a minute, starts the refreshes that sources' {@code scheduler} settings call for. Times are UTC.
 * A source whose crawl is still running keeps that crawl (no second one is queued).
 */
@ApplicationScoped
public class RefreshScheduler {

    private static final Logger LOG = Logger.getLogger(RefreshScheduler.class);

    private final SourceService sources;
    private final JobService jobs;
    private final SchedulerConfig config;
    private volatile Instant lastTick = Instant.now();

    public RefreshScheduler(SourceService sources, JobService jobs, SchedulerConfig config) {
        this.sources = sources;
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        Instant now = Instant.now();
        List<RefreshPlanner.Refresh> due = dueAtTick(scheduled(), lastTick, now, this::lastCrawlRequested);
        lastTick = now;
        for (RefreshPlanner.Refresh r : due) {
            LOG.infof("Scheduled %s refresh of source %s", r.force() ? "full" : "incremental", r.sourceId());
            try {
                jobs.requestCrawl(r.sourceId(), r.force());
            } catch (RuntimeException e) {
                // one source that cannot be asked now (deleted meanwhile, its row held too long) does not hold up the rest
                LOG.warnf("Scheduled refresh of source %s not queued: %s", r.sourceId(), e.toString());
            }
        }
    }

    /**
     * The refreshes a tick queues: those whose schedule fired since the last tick and since the source's last crawl
     * request, so that a second scheduler process (a replica, or an api with the scheduler on beside the scheduler
     * service) does not queue the refresh another one already queued for the same firing. Sources are only looked up
     * in the database when their schedule fired.
     */
    static List<RefreshPlanner.Refresh> dueAtTick(List<RefreshPlanner.ScheduledSource> sources, Instant lastTick, Instant now,
                                                  java.util.function.Function<UUID, Instant> lastRequested) {
        List<RefreshPlanner.Refresh> out = new ArrayList<>();
        for (RefreshPlanner.ScheduledSource s : sources) {
            if (RefreshPlanner.plan(List.of(s), lastTick, now).isEmpty()) {
                continue;
            }
            Instant requested = lastRequested.apply(s.id());
            Instant since = requested != null && requested.isAfter(lastTick) ? requested : lastTick;
            out.addAll(RefreshPlanner.plan(List.of(s), since, now));
        }
        return out;
    }

    /**
     * One-shot: queues every scheduled refresh that is due now, without remembering anything between runs (what a
     * Kubernetes CronJob runs). A source is due when its schedule fired after its last crawl was requested (scheduled,
     * manual or its first) and within the last {@link RefreshPlanner#MAX_MINUTES_SCANNED} minutes; running it again
     * queues nothing more, since the refresh it queued is then the last request.
     *
     * @return the refreshes queued
     */
    public List<RefreshPlanner.Refresh> refreshDue(Instant now) {
        List<RefreshPlanner.Refresh> queued = new ArrayList<>();
        for (RefreshPlanner.ScheduledSource s : scheduled()) {
            if (!s.active() || !s.schedule().enabled()) {
                continue;
            }
            Instant since = lastCrawlRequested(s.id());
            for (RefreshPlanner.Refresh r : RefreshPlanner.plan(List.of(s), since, now)) {
                LOG.infof("Scheduled %s refresh of source %s (due since its last crawl request at %s)",
                        r.force() ? "full" : "incremental", r.sourceId(), since);
                jobs.requestCrawl(r.sourceId(), r.force());
                queued.add(r);
            }
        }
        return queued;
    }

    /** When the source's newest crawl job was created; the source's creation when it has none. */
    private Instant lastCrawlRequested(UUID sourceId) {
        List<Job> newest = jobs.list(sourceId, null, JobType.CRAWL, 1, 0).jobs();
        if (!newest.isEmpty()) {
            return newest.get(0).createdAt;
        }
        return sources.get(sourceId).createdAt;
    }

    private List<RefreshPlanner.ScheduledSource> scheduled() {
        List<RefreshPlanner.ScheduledSource> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            SourceService.Page page = sources.list(500, offset);
            for (KnowledgeSource s : page.sources()) {
                SourceConfig c = s.config;
                out.add(new RefreshPlanner.ScheduledSource(s.id, s.status() == SourceStatus.ACTIVE,
                        c.scheduler(), s.lastFullCrawlAt));
            }
            offset += page.sources().size();
            if (page.sources().isEmpty() || offset >= page.total()) {
                return out;
            }
        }
    }
}
