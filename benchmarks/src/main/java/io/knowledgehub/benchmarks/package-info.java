/**
 * Programs that measure and print figures, never tests: crawl throughput ({@code CrawlBenchmark}), the retrieval
 * evaluation ({@code SearchEval}), indexing throughput ({@code IndexingBenchmark}) and search latency at 100k
 * chunks ({@code SearchLatencyBenchmark}). See the root README for the commands.
 */
package io.knowledgehub.benchmarks;
