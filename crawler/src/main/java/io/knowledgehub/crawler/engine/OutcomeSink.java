package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.settings.CrawlBounds;
import io.knowledgehub.core.job.CrawlCoverage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the coordinator's outcomes go: the listener, the counters and the set of URLs already given an outcome
 * (each URL gets one). Also paces {@link CrawlListener#onProgress}.
 */
final class OutcomeSink {

    /** Progress goes out at least this often; the listener contract says every 500 ms at most apart. */
    private static final long PROGRESS_NANOS = 250_000_000L;

    private final CrawlListener listener;
    private final Set<String> emitted = new HashSet<>();
    private int checked;
    private int created;
    private int updated;
    private int unchanged;
    private int deleted;
    private int failed;
    private int skipped;
    private int denied;
    private int shells;
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private int longUrls;
    private int linksCut;
    private int pdfsCut;
    private int pdfPagesLeftOut;
    private final int maxLinksPerPage;
    private String baseUrlProblem;
    private final List<String> notes = new ArrayList<>();
    private final CoverageTally coverage;
    private long lastProgress = System.nanoTime();

    OutcomeSink(CrawlListener listener, CrawlBounds bounds) {
        this.listener = listener;
        this.maxLinksPerPage = bounds.maxLinksPerPage();
        // the links not followed are kept by URL up to the frontier's own bound
        this.coverage = new CoverageTally(CrawlCoverage.SAMPLES_PER_REASON, bounds.maxFrontier());
    }

    /** @param fetched whether the URL was fetched (or tried): it then counts in pages_checked */
    void emit(PageOutcome outcome, boolean fetched) {
        emitted.add(outcome.url());
        if (fetched) {
            checked++;
        }
        switch (outcome.kind()) {
            case NEW -> created++;
            case UPDATED -> updated++;
            case UNCHANGED -> unchanged++;
            case DELETED -> deleted++;
            case FAILED -> {
                failed++;
                failures.merge(CrawlReport.kindOf(outcome.reason()), 1, Integer::sum);
            }
            case SKIPPED -> skipped++;
        }
        coverage.outcome(outcome);
        listener.onPage(outcome);
    }

    /** Like {@link #emit}, for a URL whose host (or redirect target) is a refused address: also counted as denied. */
    void emitDenied(PageOutcome outcome, boolean fetched) {
        denied++;
        emit(outcome, fetched);
    }

    /** A stored page that looks like an empty shell rendered by scripts. */
    void countShell() {
        shells++;
    }

    /** A link skipped because its URL is too long to be stored (it is also emitted as skipped). */
    void countLongUrl() {
        longUrls++;
    }

    /** A link that is not followed, for the coverage report (not an outcome: it is not counted as skipped). */
    void notFollowed(String url, UrlReason code, String detail) {
        coverage.notFollowed(url, code, detail);
    }

    /** Why the crawl did not follow the links it met to {@code url}, if it met any. */
    java.util.Optional<CoverageTally.NotFollowed> notFollowedBecause(String url) {
        return coverage.notFollowedBecause(url);
    }

    /** A page with more in-scope links than are followed from one page. */
    void countLinksCut() {
        linksCut++;
    }

    /** A PDF with more pages than the crawler reads: {@code pagesLeftOut} of them were not. */
    void countPdfCut(int pagesLeftOut) {
        pdfsCut++;
        pdfPagesLeftOut += pagesLeftOut;
    }

    /** Why the base URL gave no page, or null once it gave one. */
    void baseUrlProblem(String sentence) {
        baseUrlProblem = sentence;
    }

    /** Sentences from robots.txt and sitemap discovery, reported among the crawl's warnings. */
    void notes(List<String> discoveryNotes) {
        notes.addAll(discoveryNotes);
    }

    /** A fetch that produced no outcome of its own (its page was already reported). */
    void countChecked() {
        checked++;
    }

    boolean emitted(String url) {
        return emitted.contains(url);
    }

    /** Sends progress when the last one is older than the pacing interval. */
    void progressIfDue(Supplier<CrawlStats> stats) {
        if (System.nanoTime() - lastProgress >= PROGRESS_NANOS) {
            progress(stats.get());
        }
    }

    void progress(CrawlStats stats) {
        lastProgress = System.nanoTime();
        listener.onProgress(stats);
    }

    /** The counters before any URL of the site is known (robots.txt and sitemaps are being read). */
    CrawlStats stats(int discovered, boolean hitMaxPages, boolean cancelled) {
        return stats(discovered, 0, hitMaxPages, cancelled, url -> false, CoverageTally.LeftOver.NONE, null, 0, false);
    }

    /**
     * @param discovered in-scope URLs known, capped at max_pages (the progress figure)
     * @param known      in-scope URLs known, uncapped (the frontier's size)
     * @param reached    whether the crawl reached a URL (queued, fetched or reported): its links are then not
     *                   reported as not crawled
     * @param leftOver   URLs still queued (or in flight) when a bound stopped the crawl, with the bound
     * @param stop       the bound that stopped the crawl before it ran out of URLs, other than max_pages; or null
     * @param frontierLimit the frontier's bound when it filled up, else 0
     * @param complete   see {@link CrawlStats#complete()}
     */
    CrawlStats stats(int discovered, int known, boolean hitMaxPages, boolean cancelled, Predicate<String> reached,
                     CoverageTally.LeftOver leftOver, CrawlIssues.Stop stop, int frontierLimit, boolean complete) {
        CoverageTally.Reasons reasons = coverage.reasons(url -> reached.test(url) || emitted.contains(url), leftOver);
        // links longer than a URL may be are never queued, but were found
        CrawlCoverage.Counts counts = new CrawlCoverage.Counts(known + longUrls, checked, created, updated, unchanged,
                deleted, skipped, failed, reasons.notCrawled());
        return new CrawlStats(checked, created, updated, unchanged, deleted, failed, skipped, denied, discovered,
                hitMaxPages, cancelled, shells,
                new CrawlIssues(baseUrlProblem, failures, longUrls, linksCut, maxLinksPerPage, notes, stop, frontierLimit,
                        pdfsCut, pdfPagesLeftOut),
                new CrawlCoverage(counts, reasons.reasons(), CrawlCoverage.SAMPLES_PER_REASON), complete);
    }
}
