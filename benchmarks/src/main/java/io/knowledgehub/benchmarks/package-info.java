/**
 * Programs that measure and print figures, never tests: crawl throughput ({@code CrawlBenchmark}), the retrieval
 * evaluation ({@code SearchEval}) and ranking variants recomputed offline on its index ({@code SearchDirections}), indexing throughput ({@code IndexingBenchmark}), search latency at 100k
 * chunks ({@code SearchLatencyBenchmark}), embedding reuse on refreshes and rebuilds ({@code ReuseBenchmark}), PDF extraction ({@code PdfBenchmark}), JavaScript rendering ({@code RenderBenchmark}) and cluster mode's crawl and indexing throughput with 1 and 2 crawler /
 * indexer processes ({@code ClusterBenchmark}, with {@code CrawlPhase} and {@code IndexPhase} on the processes of a
 * {@code BenchCluster}, which {@code RedisOutageBenchmark} runs on too). See docs/benchmarks.md for the commands.
 */
package io.knowledgehub.benchmarks;
