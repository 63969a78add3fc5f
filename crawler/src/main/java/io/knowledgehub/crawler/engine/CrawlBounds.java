package io.knowledgehub.crawler.engine;

import java.time.Duration;

/**
 * Limits that keep a site from making a crawl endless or unbounded in memory, whatever it serves.
 *
 * @param maxCrawlDelay   the longest robots.txt Crawl-delay accepted; a site asking for more is not crawled (the
 *                        crawl fails and says so), as Nutch's {@code fetcher.max.crawl.delay}
 * @param maxLinksPerPage in-scope links followed from one page; the rest of a longer list is left out (and the crawl
 *                        warns), so one page of links cannot flood the frontier
 */
public record CrawlBounds(Duration maxCrawlDelay, int maxLinksPerPage) {

    public CrawlBounds {
        if (maxCrawlDelay.isNegative()) {
            throw new IllegalArgumentException("kh.crawler.max-crawl-delay must not be negative, got " + maxCrawlDelay);
        }
        if (maxLinksPerPage < 1) {
            throw new IllegalArgumentException("kh.crawler.max-links-per-page must be at least 1, got " + maxLinksPerPage);
        }
    }

    /** The defaults of {@code kh.crawler.max-crawl-delay} and {@code kh.crawler.max-links-per-page}. */
    public static CrawlBounds defaults() {
        return new CrawlBounds(Duration.ofSeconds(60), 5000);
    }
}
