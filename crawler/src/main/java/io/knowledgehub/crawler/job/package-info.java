/**
 * Crawl jobs: {@link io.knowledgehub.crawler.job.CrawlJobHandler} runs the engine for one source and
 * {@link io.knowledgehub.crawler.job.CrawlStore} writes its outcomes in batches; {@code kh.crawler.*} settings.
 */
package io.knowledgehub.crawler.job;
