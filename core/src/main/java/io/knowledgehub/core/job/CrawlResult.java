package io.knowledgehub.core.job;

/**
 * The result counters of a crawl job (spec Tutorial 5), stored as the job's {@code result}.
 *
 * @param efficiency         share of checked pages that needed no processing, in percent (one decimal)
 * @param timeSavedSeconds   estimated time a full crawl of the same pages would have taken more
 */
public record CrawlResult(int pagesChecked, int pagesProcessed, int pagesNew, int pagesUpdated, int pagesUnchanged,
                          int pagesDeleted, int pagesFailed, int pagesSkipped, double efficiency,
                          double timeSavedSeconds, boolean hitMaxPages, double durationSeconds) {
}
