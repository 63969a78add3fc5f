/**
 * The crawl engine: one crawl of one source, from robots.txt to the last outcome. Plain Java, no CDI.
 *
 * <p>Entry point: {@link io.knowledgehub.crawler.engine.CrawlEngine#crawl}, given a
 * {@link io.knowledgehub.crawler.engine.CrawlRequest} (base URL, source config, what earlier crawls stored), a
 * {@link io.knowledgehub.crawler.engine.CrawlListener} that receives one
 * {@link io.knowledgehub.crawler.engine.PageOutcome} per URL plus progress, and a
 * {@link io.knowledgehub.crawler.engine.CrawlControl} to cancel it. The caller's thread coordinates
 * ({@code CrawlRun}: frontier, classification, listener calls); workers on virtual threads fetch and extract
 * ({@code PageTask}). Process-wide limits are {@link io.knowledgehub.crawler.settings.CrawlerSettings}.
 *
 * <p>Every URL not stored carries a {@link io.knowledgehub.crawler.coverage.UrlReason}, recorded where the decision is
 * made; {@code CoverageTally} turns them, and the links not followed, into the coverage report of
 * {@link io.knowledgehub.crawler.engine.CrawlStats#coverage()}.
 */
package io.knowledgehub.crawler.engine;
