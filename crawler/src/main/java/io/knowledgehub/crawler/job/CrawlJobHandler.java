package io.knowledgehub.crawler.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.core.job.CrawlResult;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobEnded;
import io.knowledgehub.core.job.JobHandler;
import io.knowledgehub.core.job.JobProgress;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.crawler.engine.CrawlControl;
import io.knowledgehub.crawler.engine.CrawlEngine;
import io.knowledgehub.crawler.engine.CrawlFailedException;
import io.knowledgehub.crawler.engine.CrawlReport;
import io.knowledgehub.crawler.engine.CrawlListener;
import io.knowledgehub.crawler.engine.CrawlRequest;
import io.knowledgehub.crawler.engine.CrawlStats;
import io.knowledgehub.crawler.engine.KnownPage;
import io.knowledgehub.crawler.engine.PageOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Runs a crawl job: the engine fetches, this handler stores outcomes in batches and reports progress. */
@ApplicationScoped
public class CrawlJobHandler implements JobHandler {

    private static final Logger LOG = Logger.getLogger(CrawlJobHandler.class);

    private final SourceService sources;
    private final CrawlStore store;
    private final CrawlEngine engine;
    private final JobService jobs;

    public CrawlJobHandler(SourceService sources, CrawlStore store, CrawlEngine engine, JobService jobs) {
        this.sources = sources;
        this.store = store;
        this.engine = engine;
        this.jobs = jobs;
    }

    @Override
    public JobType type() {
        return JobType.CRAWL;
    }

    /**
     * When a crawl has ended (its end is in the database) and no indexing job of its source is pending or running,
     * pages of the source still waiting for indexing get an indexing job. Beside a CPU-bound crawl an indexing job
     * steps aside after its first batch; the crawl's own last request may have found that job still pending and asked
     * for nothing new, and the job's end may have found the crawl still running (the indexer's half of this check,
     * {@code IndexJobHandler#jobEnded}): whichever of the two ends second sees the other done. Here, in the process
     * that ran the crawl (the standalone app, or the crawler service in cluster mode).
     */
    void crawlEnded(@Observes JobEnded ended) {
        if (ended.type() != JobType.CRAWL) {
            return;
        }
        try {
            UUID sourceId = jobs.get(ended.jobId()).sourceId;
            if (jobs.activeJob(sourceId, JobType.RAG).isEmpty() && store.countPending(sourceId) > 0) {
                jobs.requestIndexing(sourceId);
            }
        } catch (RuntimeException e) {
            // the source (or its job) was removed meanwhile, or the database is away: the start-up reconcile
            // queues indexing for pending pages
            LOG.debugf("Crawl %s ended; could not check its source's pending pages: %s", ended.jobId(), e.toString());
        }
    }

    @Override
    public CrawlResult run(Job job, JobProgress progress) throws Exception {
        long start = System.nanoTime();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        KnowledgeSource source = sources.get(job.sourceId);
        SourceConfig config = source.config;
        List<JsonNode> earlier = jobs.completedResults(source.id, JobType.CRAWL, job.id, 10);
        String readWith = readWith(config);
        // pages stored with other extraction settings answer 304 and would keep their old text: their validators are
        // dropped, so this crawl and, for pages it does not reach (max_pages, max_duration, a cancel), later ones fetch
        // them in full and read them with the new settings; the fingerprint is recorded with this crawl's result
        boolean settingsChanged = !job.forceRefresh && readWithBefore(earlier).filter(before -> !before.equals(readWith)).isPresent()
                && store.forgetValidators(source.id) > 0;
        // the snapshot is read by fetch workers (fuzzy change detection); the copy is updated as pages are stored
        Map<String, CrawlStore.StoredPage> snapshot = Map.copyOf(store.knownPages(source.id));
        Map<String, CrawlStore.StoredPage> stored = new HashMap<>(snapshot);
        Map<String, KnownPage> known = new HashMap<>();
        snapshot.forEach((url, page) -> known.put(url, page.page()));
        CrawlRequest request = new CrawlRequest(URI.create(source.baseUrl), config, job.forceRefresh, known,
                url -> Optional.ofNullable(snapshot.get(url)).flatMap(page -> store.storedText(page.id())));
        Optional<Double> fullCost = fullCrawlSecondsPerPage(earlier);

        CrawlControl control = new CrawlControl();
        // indexing starts with the first stored pages: beside a crawl with a delay it keeps up with the crawl; beside a
        // CPU-bound crawl (no delay) it indexes one small batch, so the first results are searchable within seconds,
        // and leaves the rest to the indexing requested at the crawl's end (IndexJobHandler)
        StoringListener listener = new StoringListener(job.id, source.id, stored, config.performance().batchSize(), progress,
                control, start, fullCost, config.cpuBound(request.incremental()), readWith, settingsChanged);
        CrawlStats stats;
        try {
            stats = engine.crawl(request, listener, control);
        } catch (CrawlFailedException e) {
            // refused before any page (robots.txt unreachable, a Crawl-delay above the maximum): still a crawl of the
            // source that ended. No outcome was reported, so the pages stored by earlier crawls are kept as they are
            store.markCrawled(source.id, false);
            store.saveCoverage(job.id, CrawlStats.nothing().coverage());
            progress.report(0, 0, 0, listener.result(CrawlStats.nothing()));
            throw e;
        }
        listener.flush();
        if (stats.complete()) {
            // every page was reached: an alias not found again is no longer linked
            store.removeAliasesNotSeenSince(source.id, startedAt);
        }
        if (listener.changed > 0) {
            jobs.requestIndexing(source.id);
        }
        boolean interrupted = stats.cancelled();
        Optional<String> failure = CrawlReport.failure(stats);
        if (!interrupted) {
            // a crawl that ran to its end counts as the source's last crawl even when it failed: last_crawl_at says
            // the source was tried, the job's status says how that went
            store.markCrawled(source.id, failure.isEmpty() && (job.forceRefresh || known.isEmpty()));
        }
        CrawlResult result = listener.result(stats);
        // stored before the job ends, so a client that sees the job ended finds its report
        store.saveCoverage(job.id, stats.coverage());
        progress.report(interrupted ? listener.lastProgress : 100, stats.discovered(), stats.pagesChecked(), result);
        if (failure.isPresent()) {
            // the job fails with this message and keeps the counters reported just above
            throw new CrawlFailedException(failure.get());
        }
        return result;
    }

    /**
     * The fingerprint of the settings that decide a stored page's text besides the page itself: CSS selectors removed
     * before extraction, patterns removed from the text, and whether pages are rendered in Chromium.
     */
    static String readWith(SourceConfig config) {
        String settings = config.contentExtraction().excludeSelectors() + "\n" + config.contentCleaning().removePatterns()
                + "\n" + config.renderJs();
        return ChunkIds.contentHash(settings).substring(0, 16);
    }

    /** The extraction settings' fingerprint of the newest completed crawl that recorded one. */
    static Optional<String> readWithBefore(List<JsonNode> completedResults) {
        for (JsonNode result : completedResults) {
            String before = result.path("read_with").asText(null);
            if (before != null && !before.isEmpty()) {
                return Optional.of(before);
            }
        }
        return Optional.empty();
    }

    /** Seconds per checked page of the newest of these crawl results that processed pages, if any. */
    static Optional<Double> fullCrawlSecondsPerPage(List<JsonNode> completedResults) {
        for (JsonNode result : completedResults) {
            int processed = result.path("pages_processed").asInt();
            int checked = result.path("pages_checked").asInt();
            double duration = result.path("duration_seconds").asDouble();
            if (processed > 0 && checked > 0 && processed * 2 >= checked) {
                return Optional.of(duration / checked);
            }
        }
        return Optional.empty();
    }

    /**
     * Buffers outcomes and writes them a batch at a time on the crawl's coordinator thread; stores the coverage report
     * so far every {@link #COVERAGE_EVERY_NANOS}, so the report of a running crawl follows it.
     */
    private final class StoringListener implements CrawlListener {
        private static final long COVERAGE_EVERY_NANOS = 2_000_000_000L;
        private static final long REQUEST_EVERY_NANOS = 10_000_000_000L;
        private final UUID jobId;
        private final UUID sourceId;
        private final Map<String, CrawlStore.StoredPage> stored;
        private final int batchSize;
        private final JobProgress progress;
        private final CrawlControl control;
        private final long start;
        private final Optional<Double> fullCost;
        private final List<PageOutcome> buffer = new ArrayList<>();
        private int lastProgress;
        /** Pages stored as new or updated, waiting for indexing. */
        private int changed;
        private boolean indexingRequested;
        private final boolean cpuBound;
        private final String readWith;
        private final boolean settingsChanged;
        private int changedAtRequest;
        private long requestedAt;
        private long coverageStoredAt;

        StoringListener(UUID jobId, UUID sourceId, Map<String, CrawlStore.StoredPage> stored, int batchSize,
                        JobProgress progress, CrawlControl control, long start, Optional<Double> fullCost, boolean cpuBound,
                        String readWith, boolean settingsChanged) {
            this.jobId = jobId;
            this.readWith = readWith;
            this.settingsChanged = settingsChanged;
            this.cpuBound = cpuBound;
            this.coverageStoredAt = start;
            this.sourceId = sourceId;
            this.stored = stored;
            this.batchSize = batchSize;
            this.progress = progress;
            this.control = control;
            this.start = start;
            this.fullCost = fullCost;
        }

        @Override
        public void onPage(PageOutcome outcome) {
            buffer.add(outcome);
            // until indexing is asked for, a new or changed page is stored at once: indexing starts with it alone, not
            // with the pages of the first batch or progress report (at 150 pages/s, dozens)
            if (buffer.size() >= batchSize || (!indexingRequested && changes(outcome))) {
                flush();
            }
        }

        /** A page to store with its text (NEW and UPDATED carry their page, as {@link CrawlStore#apply} stores them). */
        private static boolean changes(PageOutcome outcome) {
            return outcome.kind() == PageOutcome.Kind.NEW || outcome.kind() == PageOutcome.Kind.UPDATED;
        }

        @Override
        public void onProgress(CrawlStats stats) {
            flush();
            int total = Math.max(stats.discovered(), stats.pagesChecked());
            lastProgress = total == 0 ? 0 : Math.min(99, stats.pagesChecked() * 100 / total);
            if (System.nanoTime() - coverageStoredAt >= COVERAGE_EVERY_NANOS) {
                store.saveCoverage(jobId, stats.coverage());
                coverageStoredAt = System.nanoTime();
            }
            if (!progress.report(lastProgress, total, stats.pagesChecked(), result(stats))) {
                control.cancel();
            }
        }

        void flush() {
            changed += store.apply(sourceId, buffer, stored);
            buffer.clear();
            // indexing starts while the crawl goes on; the request at the end picks up the rest. Beside a crawl with a
            // delay, pages stored after an indexing job caught up are asked for again (at most one pending job, every
            // REQUEST_EVERY_NANOS at most); a CPU-bound crawl gets only the first request (see IndexJobHandler)
            boolean again = indexingRequested && !cpuBound && changed > changedAtRequest
                    && System.nanoTime() - requestedAt >= REQUEST_EVERY_NANOS;
            if (changed > 0 && (!indexingRequested || again)) {
                jobs.requestIndexing(sourceId);
                indexingRequested = true;
                changedAtRequest = changed;
                requestedAt = System.nanoTime();
            }
        }

        CrawlResult result(CrawlStats s) {
            double duration = (System.nanoTime() - start) / 1e9;
            double efficiency = s.pagesChecked() == 0 ? 0 : Math.round(1000.0 * s.pagesUnchanged() / s.pagesChecked()) / 10.0;
            // a full crawl of the same pages would have cost what the last full crawl cost per page
            double saved = fullCost.map(perPage -> Math.max(0, perPage * s.pagesChecked() - duration)).orElse(0.0);
            return new CrawlResult(s.pagesChecked(), s.pagesProcessed(), s.pagesNew(), s.pagesUpdated(),
                    s.pagesUnchanged(), s.pagesDeleted(), s.pagesFailed(), s.pagesSkipped(), s.pagesDenied(), efficiency,
                    Math.round(saved * 10) / 10.0, s.hitMaxPages(), Math.round(duration * 1000) / 1000.0, warnings(s), readWith);
        }

        private List<String> warnings(CrawlStats s) {
            List<String> out = CrawlReport.warnings(s);
            if (!settingsChanged) {
                return out;
            }
            List<String> all = new ArrayList<>(out);
            all.add("The source's extraction settings (exclude_selectors, remove_patterns or render_js) changed since its "
                    + "last crawl: its pages are fetched in full and read again with the new ones, in this crawl and, for "
                    + "pages it did not reach, in the next ones.");
            return all;
        }
    }
}
