/**
 * Process-wide crawler settings, as opposed to a source's config: {@link io.knowledgehub.crawler.settings.CrawlerSettings}
 * (the {@code kh.crawler.*} configuration: user agent, timeouts, size and retry limits, the address guard) and
 * {@link io.knowledgehub.crawler.settings.CrawlBounds} (the limits a site cannot push a crawl past). Values only;
 * read by the engine and the fetch policy alike.
 */
package io.knowledgehub.crawler.settings;
