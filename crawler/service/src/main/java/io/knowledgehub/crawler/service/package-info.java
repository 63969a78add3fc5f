/**
 * The crawler service of cluster mode: a Quarkus app running the crawl workers of the crawler library
 * ({@code CrawlJobHandler}) on the Redis queue {@code crawl_jobs:pending}; its health ({@code database}, {@code redis},
 * {@code job_queue}, {@code crawler}) and metrics come from {@code service-support} and {@code cluster}. See the module
 * README.
 */
package io.knowledgehub.crawler.service;
