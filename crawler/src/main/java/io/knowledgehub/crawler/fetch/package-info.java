/**
 * HTTP for the crawler. {@link io.knowledgehub.crawler.fetch.HttpPageFetcher} implements the
 * {@link io.knowledgehub.core.crawl.PageFetcher} port (single GETs over Apache HttpClient 5, connecting only to the
 * addresses the {@code AddressGuard} checked);
 * {@link io.knowledgehub.crawler.fetch.FetchPolicy} puts the crawler's policy on top of any fetcher: politeness
 * through a {@link io.knowledgehub.crawler.fetch.CrawlThrottle} (spacing reserved through the core {@code HostThrottle} port, shared by every crawl of a host), redirects checked hop by hop (a target on a refused address
 * is {@link io.knowledgehub.crawler.fetch.FetchOutcome.Denied}, and each refused host is logged once per crawl by
 * {@link io.knowledgehub.crawler.fetch.DeniedHosts}), retries,
 * Retry-After, size and content-type limits, as the {@link io.knowledgehub.crawler.settings.CrawlerSettings} set them.
 * The result is a {@link io.knowledgehub.crawler.fetch.FetchOutcome}; a failed one carries its
 * {@link io.knowledgehub.crawler.coverage.UrlReason}.
 */
package io.knowledgehub.crawler.fetch;
