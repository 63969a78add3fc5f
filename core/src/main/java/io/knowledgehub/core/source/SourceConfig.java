package io.knowledgehub.core.source;

import java.time.Duration;
import java.util.List;

/**
 * The typed crawl configuration of one source: the {@code config} object of the sources API.
 * Built only by {@link SourceConfigParser}, which validates every key; instances are always valid.
 *
 * @param maxDepth          link hops from the base URL that are followed (the base URL is depth 0)
 * @param maxPages          pages fetched at most in one crawl
 * @param crawlDelay        seconds between two requests to the host (the larger of this and robots.txt Crawl-delay)
 * @param incrementalDelay  seconds between requests during an incremental refresh; null means {@code crawlDelay}
 * @param followPatterns    globs on the URL path (+ query); empty means "under the base URL's path"
 * @param excludePatterns   globs on the URL path (+ query); an exclude always wins over a follow
 * @param renderJs          pages are loaded in headless Chromium and their DOM is read after the scripts ran
 *                          (for sites that build their content in the browser); off by default
 * @param limits            how long one crawl may run and how much it may download
 */
public record SourceConfig(
        int maxDepth,
        int maxPages,
        double crawlDelay,
        Double incrementalDelay,
        List<String> followPatterns,
        List<String> excludePatterns,
        ContentExtraction contentExtraction,
        ContentCleaning contentCleaning,
        IncrementalConfig incremental,
        Schedule scheduler,
        Performance performance,
        boolean renderJs,
        Limits limits) {

    public static final int DEFAULT_MAX_DEPTH = 3;
    public static final int DEFAULT_MAX_PAGES = 1000;
    public static final double DEFAULT_CRAWL_DELAY = 1.0;

    public SourceConfig {
        followPatterns = List.copyOf(followPatterns);
        excludePatterns = List.copyOf(excludePatterns);
        limits = limits == null ? Limits.none() : limits;
    }

    /** A config without crawl limits beyond the server's own. */
    public SourceConfig(int maxDepth, int maxPages, double crawlDelay, Double incrementalDelay,
                        List<String> followPatterns, List<String> excludePatterns, ContentExtraction contentExtraction,
                        ContentCleaning contentCleaning, IncrementalConfig incremental, Schedule scheduler,
                        Performance performance, boolean renderJs) {
        this(maxDepth, maxPages, crawlDelay, incrementalDelay, followPatterns, excludePatterns, contentExtraction,
                contentCleaning, incremental, scheduler, performance, renderJs, Limits.none());
    }

    /** A config without JavaScript rendering. */
    public SourceConfig(int maxDepth, int maxPages, double crawlDelay, Double incrementalDelay,
                        List<String> followPatterns, List<String> excludePatterns, ContentExtraction contentExtraction,
                        ContentCleaning contentCleaning, IncrementalConfig incremental, Schedule scheduler,
                        Performance performance) {
        this(maxDepth, maxPages, crawlDelay, incrementalDelay, followPatterns, excludePatterns, contentExtraction,
                contentCleaning, incremental, scheduler, performance, false);
    }

    public static SourceConfig defaults() {
        return new SourceConfig(DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, DEFAULT_CRAWL_DELAY, null, List.of(), List.of(),
                ContentExtraction.defaults(), new ContentCleaning(List.of()), IncrementalConfig.defaults(),
                Schedule.defaults(), Performance.defaults());
    }

    /**
     * Below this many seconds between requests a crawl keeps the CPU busy: indexing beside it would slow it down, so
     * indexing then takes one small first batch (the first results become searchable) and the rest after the crawl.
     */
    public static final double CPU_BOUND_DELAY_SECONDS = 0.1;

    /** Whether a crawl in this mode keeps the CPU busy ({@link #CPU_BOUND_DELAY_SECONDS}). */
    public boolean cpuBound(boolean incremental) {
        return delayFor(incremental) < CPU_BOUND_DELAY_SECONDS;
    }

    /** Seconds to wait between requests for this crawl mode, before robots.txt Crawl-delay is applied. */
    public double delayFor(boolean incremental) {
        return incremental && incrementalDelay != null ? incrementalDelay : crawlDelay;
    }

    /** This config with other crawl limits. */
    public SourceConfig withLimits(Limits other) {
        return new SourceConfig(maxDepth, maxPages, crawlDelay, incrementalDelay, followPatterns, excludePatterns,
                contentExtraction, contentCleaning, incremental, scheduler, performance, renderJs, other);
    }

    /**
     * Bounds of one crawl of the source, beside max_pages and max_depth.
     *
     * @param maxDuration   the longest one crawl may run ({@code max_duration}); at the deadline it stops and keeps what
     *                      it stored. Null: no deadline
     * @param maxTotalBytes bytes of response bodies one crawl downloads at most ({@code max_total_bytes}); the
     *                      server's {@code kh.crawler.max-crawl-bytes} applies as well. Null: only the server's
     */
    public record Limits(Duration maxDuration, Long maxTotalBytes) {

        public static Limits none() {
            return new Limits(null, null);
        }
    }

    /**
     * @param excludeSelectors    CSS selectors removed from the page before extraction
     * @param normalizeWhitespace collapse runs of whitespace before hashing (default true)
     * @param ignoreCase          lower-case the text before hashing (default false)
     */
    public record ContentExtraction(List<String> excludeSelectors, boolean normalizeWhitespace, boolean ignoreCase) {
        public ContentExtraction {
            excludeSelectors = List.copyOf(excludeSelectors);
        }

        public static ContentExtraction defaults() {
            return new ContentExtraction(List.of(), true, false);
        }
    }

    /** @param removePatterns regular expressions whose matches are removed from the text (timestamps, session ids) */
    public record ContentCleaning(List<String> removePatterns) {
        public ContentCleaning {
            removePatterns = List.copyOf(removePatterns);
        }
    }

    /**
     * @param minChangeThreshold    share of the text (0..1) that must change for a page to count as updated;
     *                              0 means any change of the hash counts
     * @param ignoreMinorChanges    false switches the threshold off without removing it
     * @param changeDetectionMethod {@code fuzzy} (the default: the threshold applies) or {@code hash} (exact only)
     */
    public record IncrementalConfig(double minChangeThreshold, boolean ignoreMinorChanges, String changeDetectionMethod) {
        public static IncrementalConfig defaults() {
            return new IncrementalConfig(0.0, true, "fuzzy");
        }

        /** Whether a hash change that alters less than the threshold is treated as "unchanged". */
        public boolean fuzzy() {
            return minChangeThreshold > 0 && ignoreMinorChanges && !"hash".equals(changeDetectionMethod);
        }
    }

    /**
     * @param enabled              whether the scheduler refreshes this source on its own
     * @param refreshSchedule      5-field cron expression (minute hour day-of-month month day-of-week), UTC
     * @param incrementalByDefault scheduled refreshes are incremental unless a full refresh is due
     * @param forceRefreshInterval days between scheduled full refreshes (0: never)
     */
    public record Schedule(boolean enabled, String refreshSchedule, boolean incrementalByDefault, int forceRefreshInterval) {
        public static Schedule defaults() {
            return new Schedule(false, "0 2 * * 0", true, 0);
        }
    }

    /**
     * @param batchHashUpdates       write crawl results to the database in batches
     * @param batchSize              pages per database batch
     * @param parallelHashCalculation pages fetched and processed in parallel when no crawl delay applies
     */
    public record Performance(boolean batchHashUpdates, int batchSize, int parallelHashCalculation) {
        public static Performance defaults() {
            return new Performance(true, 100, 8);
        }
    }
}
