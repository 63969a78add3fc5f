package io.knowledgehub.crawler.settings;

import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.AddressPolicy;

import java.time.Duration;

/**
 * Process-wide crawler settings (the {@code kh.crawler.*} configuration), as opposed to a source's config.
 *
 * @param userAgent        User-Agent header sent with every request
 * @param robotsAgent      the product token matched against robots.txt User-agent groups
 * @param maxConcurrency   parallel requests to one host when the effective crawl delay is 0
 * @param connectTimeout   TCP connect timeout
 * @param requestTimeout   whole-response timeout
 * @param maxResponseBytes bodies longer than this are skipped ("too large")
 * @param maxRedirects     redirects followed per URL (each target must be in scope)
 * @param maxRetries       retries of a transient failure (IOException, 5xx, 429)
 * @param maxRetryAfter    the longest Retry-After / back-off wait honoured; a longer one fails the page
 * @param addresses        which addresses may be connected to ({@code kh.crawler.allowed-networks}) and how host
 *                         names are resolved: every fetch connects only to addresses this guard returned
 * @param bounds           the limits a site cannot push a crawl past (Crawl-delay, links per page)
 */
public record CrawlerSettings(String userAgent, String robotsAgent, int maxConcurrency, Duration connectTimeout,
                              Duration requestTimeout, long maxResponseBytes, int maxRedirects, int maxRetries,
                              Duration maxRetryAfter, AddressGuard addresses, CrawlBounds bounds) {

    /** Settings with the default {@link CrawlBounds}. */
    public CrawlerSettings(String userAgent, String robotsAgent, int maxConcurrency, Duration connectTimeout,
                           Duration requestTimeout, long maxResponseBytes, int maxRedirects, int maxRetries,
                           Duration maxRetryAfter, AddressGuard addresses) {
        this(userAgent, robotsAgent, maxConcurrency, connectTimeout, requestTimeout, maxResponseBytes, maxRedirects,
                maxRetries, maxRetryAfter, addresses, CrawlBounds.defaults());
    }

    /** The defaults of {@code kh.crawler.*}: public addresses only. */
    public static CrawlerSettings defaults() {
        return new CrawlerSettings("KnowledgeHub/0.1 (documentation crawler)", "knowledgehub", 8,
                Duration.ofSeconds(5), Duration.ofSeconds(20), 10L * 1024 * 1024, 5, 2, Duration.ofSeconds(30),
                AddressGuard.of(AddressPolicy.denySpecialUse()));
    }

    /** These settings with another address guard, e.g. one that opens 127.0.0.1/32 for a site on this machine. */
    public CrawlerSettings withAddresses(AddressGuard guard) {
        return new CrawlerSettings(userAgent, robotsAgent, maxConcurrency, connectTimeout, requestTimeout,
                maxResponseBytes, maxRedirects, maxRetries, maxRetryAfter, guard, bounds);
    }

    /** These settings with other bounds. */
    public CrawlerSettings withBounds(CrawlBounds other) {
        return new CrawlerSettings(userAgent, robotsAgent, maxConcurrency, connectTimeout, requestTimeout,
                maxResponseBytes, maxRedirects, maxRetries, maxRetryAfter, addresses, other);
    }
}
