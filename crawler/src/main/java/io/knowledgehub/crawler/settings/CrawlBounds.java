package io.knowledgehub.crawler.settings;

import java.time.Duration;

/**
 * Limits that keep a site from making a crawl endless or unbounded in memory, whatever it serves.
 *
 * @param maxCrawlDelay   the longest robots.txt Crawl-delay accepted; a site asking for more is not crawled (the
 *                        crawl fails and says so), as Nutch's {@code fetcher.max.crawl.delay}
 * @param maxLinksPerPage in-scope links followed from one page; the rest of a longer list is left out (and the crawl
 *                        warns), so one page of links cannot flood the frontier
 * @param maxFrontier     distinct URLs one crawl keeps track of (queued, fetched, or reached another way); links to
 *                        further URLs are not followed (reason {@code frontier_full}), so a site of endless links
 *                        holds a crawl to a fixed amount of memory
 * @param maxCrawlBytes   bytes of response bodies one crawl downloads at most; then it stops taking URLs (reason
 *                        {@code max_total_bytes}) and warns; a source's {@code max_total_bytes} can set a lower bound
 */
public record CrawlBounds(Duration maxCrawlDelay, int maxLinksPerPage, int maxFrontier, long maxCrawlBytes) {

    public static final int DEFAULT_MAX_FRONTIER = 100_000;
    public static final long DEFAULT_MAX_CRAWL_BYTES = 4L * 1024 * 1024 * 1024;

    public CrawlBounds {
        if (maxCrawlDelay.isNegative()) {
            throw new IllegalArgumentException("kh.crawler.max-crawl-delay must not be negative, got " + maxCrawlDelay);
        }
        if (maxLinksPerPage < 1) {
            throw new IllegalArgumentException("kh.crawler.max-links-per-page must be at least 1, got " + maxLinksPerPage);
        }
        if (maxFrontier < 1) {
            throw new IllegalArgumentException("kh.crawler.max-frontier must be at least 1, got " + maxFrontier);
        }
        if (maxCrawlBytes < 1) {
            throw new IllegalArgumentException("kh.crawler.max-crawl-bytes must be at least 1, got " + maxCrawlBytes);
        }
    }

    /** Bounds with the default frontier size and bytes per crawl. */
    public CrawlBounds(Duration maxCrawlDelay, int maxLinksPerPage) {
        this(maxCrawlDelay, maxLinksPerPage, DEFAULT_MAX_FRONTIER, DEFAULT_MAX_CRAWL_BYTES);
    }

    /** The defaults of {@code kh.crawler.max-crawl-delay}, {@code max-links-per-page}, {@code max-frontier} and {@code max-crawl-bytes}. */
    public static CrawlBounds defaults() {
        return new CrawlBounds(Duration.ofSeconds(60), 5000);
    }
}
