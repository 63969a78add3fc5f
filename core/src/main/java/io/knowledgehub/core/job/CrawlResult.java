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
 */
public record CrawlResult(int pagesChecked, int pagesProcessed, int pagesNew, int pagesUpdated, int pagesUnchanged,
                          int pagesDeleted, int pagesFailed, int pagesSkipped, int pagesDenied, double efficiency,
                          double timeSavedSeconds, boolean hitMaxPages, double durationSeconds, List<String> warnings) {

    public CrawlResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
