/**
 * HTTP for the crawler. {@link io.knowledgehub.crawler.fetch.JdkHttpPageFetcher} implements the
 * {@link io.knowledgehub.core.crawl.PageFetcher} port (single GETs over the JDK client);
 * {@link io.knowledgehub.crawler.fetch.FetchPolicy} puts the crawler's policy on top of any fetcher: politeness
 * through a {@link io.knowledgehub.crawler.fetch.CrawlThrottle} (spacing reserved through the core {@code HostThrottle} port, shared by every crawl of a host), redirects checked hop by hop, retries,
 * Retry-After, size and content-type limits. The result is a {@link io.knowledgehub.crawler.fetch.FetchOutcome}.
 */
package io.knowledgehub.crawler.fetch;
