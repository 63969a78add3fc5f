package io.knowledgehub.core.job;

import java.util.List;

/**
 * The result counters of a crawl job (spec Tutorial 5), stored as the job's {@code result}.
 *
 * @param pagesDenied        URLs not fetched because their host resolves to an address the crawler refuses
 *                           ({@code kh.crawler.allowed-networks}); also counted in pages_skipped (or pages_deleted)
 * @param efficiency         share of checked pages that needed no processing, in percent (one decimal)
 * @param timeSavedSeconds   estimated time a full crawl of the same pages would have taken more
 * @param warnings           sentences about the crawl as a whole that ask for a change of the source's config
 *                           (e.g. pages that look rendered by JavaScript while render_js is off); empty when none
 * @param readWith           a fingerprint of the source settings that decide a stored page's text besides the page
 *                           ({@code content_extraction.exclude_selectors}, {@code content_cleaning.remove_patterns},
 *                           {@code render_js}): a crawl that finds them changed since the last completed crawl drops
 *                           the pages' HTTP validators, so that each is fetched in full and read again; null in results
 *                           of earlier releases
 */
public record CrawlResult(int pagesChecked, int pagesProcessed, int pagesNew, int pagesUpdated, int pagesUnchanged,
                          int pagesDeleted, int pagesFailed, int pagesSkipped, int pagesDenied, double efficiency,
                          double timeSavedSeconds, boolean hitMaxPages, double durationSeconds, List<String> warnings,
                          String readWith) {

    public CrawlResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
