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
 * indexing, with the chunks indexed and the app's peak resident memory. With {@code --baseline OTHER.jar} it runs
 * that build too, alternating with this one, so both are measured on the same machine in the same state.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.SearchableBenchmark
 *      [--docs DIR] [--app api/target/quarkus-app/quarkus-run.jar] [--baseline OLD.jar] [--rounds 1]
 *      [--query PostgreSQL] [--xmx 600m] [--crawl-delay 0] [--max-pages 100000]</pre>
 * With a crawl delay, the crawl of the whole manual takes minutes: {@code --max-pages} bounds it.
 */
public final class SearchableBenchmark {

    private record Run(String build, double firstResult, double crawlEnd, int pages, double indexed, int chunks, double peakRssMiB) {
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        String baseline = Args.arg(args, "--baseline", "");
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "1"));
        String query = Args.arg(args, "--query", "PostgreSQL");
        String xmx = Args.arg(args, "--xmx", "600m");
        double delay = Double.parseDouble(Args.arg(args, "--crawl-delay", "0"));
        int maxPages = Integer.parseInt(Args.arg(args, "--max-pages", "100000"));
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        List<Run> runs = new ArrayList<>();
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs)) {
            for (int round = 1; round <= rounds; round++) {
                if (!baseline.isEmpty()) {
                    runs.add(once("baseline", Path.of(baseline), site, query, xmx, delay, maxPages));
                }
                runs.add(once("this build", jar, site, query, xmx, delay, maxPages));
            }
        }
        System.out.printf("%n%-11s %14s %12s %10s %15s %8s %10s%n", "build", "first result", "crawl end", "pages/s",
                "all indexed", "chunks", "peak RSS");
        for (Run r : runs) {
            System.out.printf("%-11s %13.1fs %11.1fs %10.0f %14.1fs %8d %7.0f MiB%n", r.build, r.firstResult, r.crawlEnd,
                    r.pages / r.crawlEnd, r.indexed, r.chunks, r.peakRssMiB);
        }
    }

    private static Run once(String build, Path jar, FixtureSiteServer site, String query, String xmx, double delay, int maxPages)
            throws Exception {
        try (StandaloneApp app = StandaloneApp.start(jar, List.of("-Xmx" + xmx, "--add-modules", "jdk.incubator.vector"), null,
                Map.of())) {
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
            app.awaitIdle(Duration.ofMinutes(60));
            double indexed = seconds(t0);
            int chunks = app.get("/api/v1/index").path("chunks").asInt();
            double rss = Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0;
            Run run = new Run(build, first, crawlEnd, pages, indexed, chunks, rss);
            System.out.printf("%s: first result %.1f s, crawl ended %.1f s (%d pages), all indexed %.1f s (%d chunks), peak RSS %.0f MiB%n",
                    build, first, crawlEnd, pages, indexed, chunks, rss);
            return run;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
