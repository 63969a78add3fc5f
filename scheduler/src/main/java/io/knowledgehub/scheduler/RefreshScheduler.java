package io.knowledgehub.scheduler;

import io.knowledgehub.core.job.JobService;
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
        List<RefreshPlanner.Refresh> due = RefreshPlanner.plan(scheduled(), lastTick, now);
        lastTick = now;
        for (RefreshPlanner.Refresh r : due) {
            LOG.infof("Scheduled %s refresh of source %s", r.force() ? "full" : "incremental", r.sourceId());
            jobs.requestCrawl(r.sourceId(), r.force());
        }
    }

    private List<RefreshPlanner.ScheduledSource> scheduled() {
        List<RefreshPlanner.ScheduledSource> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            SourceService.Page page = sources.list(500, offset);
            for (KnowledgeSource s : page.sources()) {
                SourceConfig c = sources.config(s);
                out.add(new RefreshPlanner.ScheduledSource(s.id, SourceStatus.ACTIVE.wire().equals(s.status),
                        c.scheduler(), s.lastFullCrawlAt));
            }
            offset += page.sources().size();
            if (page.sources().isEmpty() || offset >= page.total()) {
                return out;
            }
        }
    }
}
