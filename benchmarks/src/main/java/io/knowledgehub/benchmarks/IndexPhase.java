package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.knowledgehub.benchmarks.ClusterBenchmark.round;

/**
 * Indexing throughput, in chunks/s, of a cluster with M indexer processes. The pages: {@code --index-pages} of the
 * manual (every k-th file, sorted by name, so the set is deterministic) over {@code --index-sources} sources; each
 * source is a page list served beside the manual on its own site that links the same pages ({@code max_depth} 1), so
 * the indexing jobs are identical and, with two sources, two indexers have a job each.
 *
 * <p>Each run starts a fresh cluster (the api, one crawler, the indexers); the sources are crawled while the indexers
 * are idle. Timed from the first indexing job's start until every indexing job is completed and the api's view of the
 * search index holds all their chunks; the chunks per indexer come from each indexer's {@code index_chunks_total}
 * counter. Without {@code WEAVIATE_URL} the index is the shared Lucene directory, which allows ONE writer, the one
 * indexer: the first run tries a second indexer once and records what happened ({@link #secondWriter()}).
 */
final class IndexPhase {

    /** Where each indexing source's page list is served. */
    private static final String PAGE_LIST = "/kh-benchmark-pages.html";

    private final BenchCluster.Setup setup;
    private final List<FixtureSiteServer> sites;
    private final Path docs;
    private final int indexPages;
    private final int indexSources;
    private String secondWriter;

    /** @param sites at least {@code indexSources} sites serving the manual */
    IndexPhase(BenchCluster.Setup setup, List<FixtureSiteServer> sites, Path docs, int indexPages, int indexSources) {
        this.setup = setup;
        this.sites = sites;
        this.docs = docs;
        this.indexPages = indexPages;
        this.indexSources = indexSources;
    }

    /** Chooses the pages, serves the page list on the first {@code indexSources} sites, and says so. */
    void prepare() throws IOException {
        List<String> all = htmlFiles();
        int want = Math.min(pagesPerSource(), all.size());
        int step = Math.max(1, all.size() / want);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < all.size() && chosen.size() < want; i += step) {
            chosen.add(all.get(i));
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Benchmark pages</title></head><body><main>"
                + "<h1>Benchmark pages</h1><ul>");
        chosen.forEach(n -> html.append("<li><a href=\"/").append(n).append("\">").append(n).append("</a></li>"));
        String pageList = html.append("</ul></main></body></html>").toString();
        System.out.printf("%n-- indexing: %d sources, each a page listing the same %d pages of the manual (every %dth file, sorted by name), "
                        + "crawled while the indexers are idle (1 crawler); so %d pages, and the indexing jobs are identical%n",
                indexSources, chosen.size(), Math.max(1, all.size() / pagesPerSource()), indexSources * (chosen.size() + 1));
        for (FixtureSiteServer site : sites.subList(0, indexSources)) {
            site.route(PAGE_LIST, FixtureSiteServer.html(pageList));
        }
    }

    /**
     * What a second indexer did on the shared Lucene index (tried in the first run without Weaviate), or null when it
     * was not tried.
     */
    String secondWriter() {
        return secondWriter;
    }

    /** One indexing configuration on a fresh cluster. */
    Map<String, Object> run(int indexerCount, int round) throws Exception {
        sites.forEach(FixtureSiteServer::clearLog);
        try (BenchCluster c = new BenchCluster(setup, "index-" + indexerCount + "-indexer" + (indexerCount == 1 ? "" : "s")
                + "-round-" + round)) {
            c.startApi();
            c.startCrawler(1);
            c.startIndexer(1);
            String mode = setup.weaviateUrl() != null ? "every indexer writes Weaviate" : "one indexer writes the shared Lucene index";
            if (setup.weaviateUrl() == null && secondWriter == null) {
                secondWriter = c.trySecondWriter();
                System.out.println("  a second indexer on the shared Lucene index (a second writer): " + secondWriter);
            }
            for (int i = 2; i <= indexerCount; i++) {
                c.startIndexer(i);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < indexSources; i++) {
                c.createSource("index-" + (i + 1), sites.get(i).baseUri().resolve(PAGE_LIST.substring(1)), 1, 100_000);
            }
            List<JsonNode> crawls = c.awaitJobs("crawl", indexSources, t0);
            int pages = 0;
            for (JsonNode j : crawls) {
                c.requireCompleted(j);
                pages += j.path("result").path("pages_new").asInt();
            }
            CpuSnapshot before = c.cpu();
            List<JsonNode> rag = c.awaitJobs("rag", indexSources, t0);
            long expected = 0;
            int documents = 0;
            Instant firstStart = Instant.MAX;
            List<Map<String, Object>> jobs = new ArrayList<>();
            for (JsonNode j : rag) {
                c.requireCompleted(j);
                JsonNode res = j.path("result");
                expected += res.path("chunks_indexed").asLong();
                documents += res.path("documents_indexed").asInt();
                Instant started = OffsetDateTime.parse(j.path("started_at").asText()).toInstant();
                firstStart = started.isBefore(firstStart) ? started : firstStart;
                jobs.add(Map.of("chunks", res.path("chunks_indexed").asLong(), "seconds", res.path("duration_seconds").asDouble(),
                        "embedding_seconds", res.path("embedding_seconds").asDouble()));
            }
            long jobsDone = System.currentTimeMillis();
            long indexed = c.awaitIndexChunks(expected);
            Instant end = Instant.now();
            CpuSnapshot after = c.cpu();
            double seconds = Duration.between(firstStart, end).toNanos() / 1e9;
            double visibleLag = (end.toEpochMilli() - jobsDone) / 1e3;
            Map<String, Long> perIndexer = new LinkedHashMap<>();
            for (BenchCluster.Service s : c.indexers()) {
                perIndexer.put(s.name(), Math.round(s.metric("index_chunks_total")));
            }
            Map<String, Object> cpu = after.minus(before, seconds);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("indexers", indexerCount);
            r.put("round", round);
            r.put("mode", mode);
            r.put("pages", pages);
            r.put("documents", documents);
            r.put("chunks", expected);
            r.put("index_chunks", indexed);
            r.put("seconds", round(seconds));
            r.put("chunks_per_second", round(expected / seconds));
            r.put("jobs", jobs);
            r.put("chunks_per_indexer", perIndexer);
            r.put("cpu_seconds", cpu);
            r.put("peak_rss_mib", c.peakRss());
            r.put("logs", c.dir().toString());
            System.out.printf("%d indexer%s: %d pages, %d documents, %d chunks in %.2f s = %.1f chunks/s (index holds %d chunks, "
                            + "%.1f s after the last job ended); jobs %s; chunks per indexer %s%n", indexerCount,
                    indexerCount == 1 ? "" : "s", pages, documents, expected, seconds, expected / seconds, indexed, Math.max(0, visibleLag),
                    jobs, perIndexer);
            CpuSnapshot.print(cpu);
            return r;
        }
    }

    private int pagesPerSource() {
        return (indexPages + indexSources - 1) / indexSources;
    }

    /** The .html files of the manual but its index, sorted by name. */
    private List<String> htmlFiles() throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html") && !n.equals("index.html"))
                    .sorted().toList();
        }
    }
}
