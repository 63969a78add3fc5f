package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.settings.CrawlBounds;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.fetch.DownloadCounter;

import java.time.Duration;

/**
 * The bounds of one crawl as a whole, checked by its coordinator: a deadline (the source's {@code max_duration}) and
 * the bytes it may download (the lower of {@code kh.crawler.max-crawl-bytes} and the source's
 * {@code max_total_bytes}).
 *
 * @param startNanos   {@link System#nanoTime()} when the crawl started
 * @param maxDuration  the deadline after the start, or null for none
 * @param downloaded   the bytes downloaded so far by the crawl's fetches
 * @param maxBytes     bytes it may download
 * @param bytesSetting the setting {@code maxBytes} comes from, as the warning names it
 */
record CrawlBudget(long startNanos, Duration maxDuration, DownloadCounter downloaded, long maxBytes,
                   String bytesSetting) {

    static CrawlBudget of(SourceConfig.Limits limits, CrawlBounds bounds) {
        Long source = limits.maxTotalBytes();
        boolean sourceLower = source != null && source < bounds.maxCrawlBytes();
        return new CrawlBudget(System.nanoTime(), limits.maxDuration(), new DownloadCounter(),
                sourceLower ? source : bounds.maxCrawlBytes(), sourceLower ? "max_total_bytes" : "kh.crawler.max-crawl-bytes");
    }

    boolean pastDeadline() {
        return maxDuration != null && System.nanoTime() - startNanos >= maxDuration.toNanos();
    }

    boolean bytesSpent() {
        return downloaded.total() >= maxBytes;
    }

    /** The crawl stopped at its deadline, with {@code urlsLeft} URLs not fetched. */
    CrawlIssues.Stop deadline(int urlsLeft) {
        return new CrawlIssues.Stop(UrlReason.MAX_DURATION, "max_duration", maxDuration.getSeconds() + " s", urlsLeft);
    }

    /** The crawl stopped taking URLs at its byte limit, with {@code urlsLeft} URLs not fetched. */
    CrawlIssues.Stop bytes(int urlsLeft) {
        return new CrawlIssues.Stop(UrlReason.MAX_TOTAL_BYTES, bytesSetting, maxBytes + " bytes", urlsLeft);
    }
}
