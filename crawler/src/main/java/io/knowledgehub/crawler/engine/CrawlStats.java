package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.job.CrawlCoverage;

/**
 * The counters of a crawl (spec Tutorial 5). {@code pagesChecked} counts every URL the crawl fetched or
 * tried to fetch; {@code discovered} is the number of in-scope URLs known so far (capped at max_pages), which
 * drives the progress figure.
 *
 * @param pagesDenied   URLs not fetched (or redirects not followed) because their host resolves to an address the
 *                      crawler refuses; each is also counted as skipped (or deleted, for a stored page that now
 *                      redirects there)
 * @param hitMaxPages   the crawl stopped taking URLs because max_pages was reached while URLs remained
 * @param cancelled     the crawl was stopped by {@link CrawlControl#cancel()}
 * @param shellPages    HTML pages stored with almost no text that look rendered by scripts (render_js is off)
 * @param issues        what went wrong beside the counters, for the crawl's warnings or error ({@link CrawlReport})
 * @param coverage      the coverage report so far: what became of the URLs found, with reasons and sample URLs
 * @param complete      the crawl ended having reached every page it could: not cancelled, not cut by max_pages, a
 *                      deadline, a byte limit or a full frontier, with its base URL fetched and no failure that may
 *                      pass. Only then does a URL it did not reach count as gone (stored pages and aliases)
 */
public record CrawlStats(int pagesChecked, int pagesNew, int pagesUpdated, int pagesUnchanged, int pagesDeleted,
                         int pagesFailed, int pagesSkipped, int pagesDenied, int discovered, boolean hitMaxPages,
                         boolean cancelled, int shellPages, CrawlIssues issues, CrawlCoverage coverage,
                         boolean complete) {

    public CrawlStats {
        issues = issues == null ? CrawlIssues.none() : issues;
        coverage = coverage == null ? CrawlCoverage.empty() : coverage;
    }

    /** Counters of a crawl that is not (yet) known to be complete. */
    public CrawlStats(int pagesChecked, int pagesNew, int pagesUpdated, int pagesUnchanged, int pagesDeleted,
                      int pagesFailed, int pagesSkipped, int pagesDenied, int discovered, boolean hitMaxPages,
                      boolean cancelled, int shellPages, CrawlIssues issues, CrawlCoverage coverage) {
        this(pagesChecked, pagesNew, pagesUpdated, pagesUnchanged, pagesDeleted, pagesFailed, pagesSkipped,
                pagesDenied, discovered, hitMaxPages, cancelled, shellPages, issues, coverage, false);
    }

    /** Counters without a coverage report. */
    public CrawlStats(int pagesChecked, int pagesNew, int pagesUpdated, int pagesUnchanged, int pagesDeleted,
                      int pagesFailed, int pagesSkipped, int pagesDenied, int discovered, boolean hitMaxPages,
                      boolean cancelled, int shellPages, CrawlIssues issues) {
        this(pagesChecked, pagesNew, pagesUpdated, pagesUnchanged, pagesDeleted, pagesFailed, pagesSkipped,
                pagesDenied, discovered, hitMaxPages, cancelled, shellPages, issues, null);
    }

    /** The counters of a crawl that fetched no page at all. */
    public static CrawlStats nothing() {
        return new CrawlStats(0, 0, 0, 0, 0, 0, 0, 0, 0, false, false, 0, CrawlIssues.none(), CrawlCoverage.empty(), false);
    }

    public int pagesProcessed() {
        return pagesNew + pagesUpdated;
    }
}
