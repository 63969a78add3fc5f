/**
 * Which URLs a crawl may visit and how they are spelled: {@link io.knowledgehub.crawler.scope.UrlNormalizer} (the
 * one normal form used as the crawl key) and {@link io.knowledgehub.crawler.scope.CrawlScope} (host, base path,
 * follow and exclude globs of a source).
 */
package io.knowledgehub.crawler.scope;
