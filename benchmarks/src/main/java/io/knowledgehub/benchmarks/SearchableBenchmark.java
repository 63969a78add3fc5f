package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user waits for after "Create Source": serves a documentation folder (the PostgreSQL manual by default) on
 * loopback, registers it with the packaged standalone app (crawl_delay 0 unless asked) and prints the seconds from the creation
 * to the first search result of the source, to the end of its crawl (and the crawl's pages/s), and to the end of all
 * indexing, with the chunks indexed and the app's peak resident memory. From the crawl's end to the end of indexing it
 * searches (hybrid, cache off, one request at a time and at most five a second, terms and questions) and prints the
 * latency a user sees meanwhile. With {@code --baseline OTHER.jar} it runs
 * that build too, alternating with this one, so both are measured on the same machine in the same state.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.SearchableBenchmark
 *      [--docs DIR] [--app api/target/quarkus-app/quarkus-run.jar] [--baseline OLD.jar] [--rounds 1]
 *      [--query PostgreSQL] [--xmx 600m] [--crawl-delay 0] [--max-pages 100000] [--keep DIR]</pre>
 * With a crawl delay, the crawl of the whole manual takes minutes: {@code --max-pages} bounds it. {@code --keep DIR}
 * keeps each run's data directory (its {@code app.log} and database) under DIR, named by build and round.
 */
public final class SearchableBenchmark {

    private record Run(String build, double firstResult, double crawlEnd, int pages, double indexed, int chunks, double peakRssMiB,
                       int searches, double searchP50, double searchP95) {
    }

    /** Searched one after the other while the source is indexed, to see what indexing costs a user who searches. */
    private static final List<String> SEARCHES_DURING_INDEXING = List.of("create index", "transaction isolation level",
            "how do I undo the changes made since the transaction began", "backup and restore", "vacuum",
            "make a column reject duplicate values", "json functions", "connection settings");

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        String baseline = Args.arg(args, "--baseline", "");
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "1"));
        String query = Args.arg(args, "--query", "PostgreSQL");
        String xmx = Args.arg(args, "--xmx", "600m");
        double delay = Double.parseDouble(Args.arg(args, "--crawl-delay", "0"));
        int maxPages = Integer.parseInt(Args.arg(args, "--max-pages", "100000"));
        String keep = Args.arg(args, "--keep", null);
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        List<Run> runs = new ArrayList<>();
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs)) {
            for (int round = 1; round <= rounds; round++) {
                if (!baseline.isEmpty()) {
                    runs.add(once("baseline", Path.of(baseline), site, query, xmx, delay, maxPages,
                            keep == null ? null : Path.of(keep, "baseline-" + round)));
                }
                runs.add(once("this build", jar, site, query, xmx, delay, maxPages,
                        keep == null ? null : Path.of(keep, "this-build-" + round)));
            }
        }
        System.out.printf("%n%-11s %14s %12s %10s %15s %8s %10s %26s%n", "build", "first result", "crawl end", "pages/s",
                "all indexed", "chunks", "peak RSS", "search while indexing p50/p95");
        for (Run r : runs) {
            System.out.printf("%-11s %13.1fs %11.1fs %10.0f %14.1fs %8d %7.0f MiB %15.0f / %.0f ms%n", r.build, r.firstResult,
                    r.crawlEnd, r.pages / r.crawlEnd, r.indexed, r.chunks, r.peakRssMiB, r.searchP50, r.searchP95);
        }
    }

    private static Run once(String build, Path jar, FixtureSiteServer site, String query, String xmx, double delay, int maxPages,
                            Path dataDir) throws Exception {
        try (StandaloneApp app = StandaloneApp.start(jar, List.of("-Xmx" + xmx, "--add-modules", "jdk.incubator.vector"), dataDir,
                Map.of("SEARCH_CACHE_TTL", "0"))) { // the searches while indexing repeat: each must really run
            long t0 = System.nanoTime();
            JsonNode created = app.post("/api/v1/sources", Map.of("name", "Manual", "base_url",
                    site.baseUri().resolve("index.html").toString(),
                    "config", Map.of("max_depth", 50, "max_pages", maxPages, "crawl_delay", delay)), 201);
            String sourceId = created.path("id").asText();
            String crawlId = created.path("job_id").asText();
            Map<String, Object> search = Map.of("query", query, "search_type", "keyword", "limit", 1,
                    "filters", Map.of("source_ids", List.of(sourceId)));
            double first = -1;
            double crawlEnd = -1;
            int pages = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            while (first < 0 || crawlEnd < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no result or no crawl end within 60 minutes");
                }
                if (first < 0 && app.post("/api/v1/search", search, 200).path("results").size() > 0) {
                    first = seconds(t0);
                }
                if (crawlEnd < 0) {
                    JsonNode crawl = app.get("/api/v1/jobs/" + crawlId);
                    String status = crawl.path("status").asText();
                    if (!status.equals("pending") && !status.equals("running")) {
                        crawlEnd = seconds(t0);
                        pages = crawl.path("result").path("pages_checked").asInt();
                    }
                }
                Thread.sleep(50);
            }
            List<Double> latencies = new ArrayList<>();
            long nextCheck = 0;
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("indexing not done within 60 minutes");
                }
                if (System.nanoTime() >= nextCheck) {
                    if (app.busyJobs() == 0) {
                        break;
                    }
                    nextCheck = System.nanoTime() + 500_000_000L;
                }
                String q = SEARCHES_DURING_INDEXING.get(latencies.size() % SEARCHES_DURING_INDEXING.size());
                long s0 = System.nanoTime();
                app.post("/api/v1/search", Map.of("query", q, "search_type", "hybrid", "limit", 10), 200);
                latencies.add((System.nanoTime() - s0) / 1e6);
                // a user's pace: a search starts every 200 ms at most, so searching costs indexing little
                Thread.sleep(Math.max(0, 200 - (System.nanoTime() - s0) / 1_000_000));
            }
            double indexed = seconds(t0);
            double[] millis = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            double p50 = HttpLoad.percentile(millis, 50);
            double p95 = HttpLoad.percentile(millis, 95);
            int chunks = app.get("/api/v1/index").path("chunks").asInt();
            double rss = Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0;
            Run run = new Run(build, first, crawlEnd, pages, indexed, chunks, rss, latencies.size(), p50, p95);
            System.out.printf("%s: first result %.1f s, crawl ended %.1f s (%d pages), all indexed %.1f s (%d chunks), peak RSS %.0f MiB, "
                    + "%d hybrid searches while indexing: p50 %.0f ms, p95 %.0f ms%n",
                    build, first, crawlEnd, pages, indexed, chunks, rss, latencies.size(), p50, p95);
            return run;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
