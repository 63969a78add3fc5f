/**
 * What a site says about being crawled: {@link io.knowledgehub.crawler.robots.RobotsRules} (robots.txt rules,
 * Crawl-delay and listed sitemaps, via crawler-commons) and {@link io.knowledgehub.crawler.robots.SitemapSeeds}
 * (the in-scope URLs of its sitemaps, used as extra seeds).
 */
package io.knowledgehub.crawler.robots;
