package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The retrieval evaluation: crawls and indexes the PostgreSQL manual with the packaged app (served on loopback),
 * runs every query of {@code ../shared/eval/postgres/queries.jsonl} through the search API for each search type,
 * writes one results file per type and scores them with {@code ../shared/eval/score.py}.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.SearchEval
 *      [--docs DIR] [--eval ../shared/eval] [--data DIR (kept; an indexed one is reused)] [--out target/eval]</pre>
 */
public final class SearchEval {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        Path eval = Path.of(Args.arg(args, "--eval", "../shared/eval"));
        Path out = Files.createDirectories(Path.of(Args.arg(args, "--out", "eval-data/results")));
        String data = Args.arg(args, "--data", null);
        List<String> types = List.of(Args.arg(args, "--types", "keyword,semantic,hybrid").split(","));
        Path queries = eval.resolve("postgres/queries.jsonl");

        try (FixtureSiteServer site = FixtureSiteServer.serve(docs);
             StandaloneApp app = StandaloneApp.start(jar, List.of(Args.arg(args, "--heap", "-Xmx600m"), "--add-modules", "jdk.incubator.vector"),
                     data == null ? null : Path.of(data), Map.of())) {
            String base = site.baseUri().resolve("index.html").toString();
            if (app.get("/api/v1/sources").path("total").asInt() == 0) {
                long t0 = System.nanoTime();
                app.post("/api/v1/sources", Map.of("name", "PostgreSQL 15 manual", "base_url", base,
                        "config", Map.of("max_depth", 50, "max_pages", 100_000, "crawl_delay", 0)), 201);
                app.awaitIdle(Duration.ofMinutes(60));
                System.out.printf("crawled and indexed in %.0f s; app peak resident memory %d MiB%n",
                        (System.nanoTime() - t0) / 1e9, Args.procStatusKiB(app.pid(), "VmHWM:") / 1024);
            }
            JsonNode index = app.get("/api/v1/index");
            System.out.println("index: " + index);

            List<JsonNode> qs = new ArrayList<>();
            for (String line : Files.readAllLines(queries)) {
                if (!line.isBlank()) {
                    qs.add(JSON.readTree(line));
                }
            }
            List<String> files = new ArrayList<>();
            for (String type : types) {
                Path results = out.resolve("results-" + type + ".jsonl");
                List<Long> took = new ArrayList<>();
                try (BufferedWriter w = Files.newBufferedWriter(results)) {
                    for (JsonNode q : qs) {
                        JsonNode r = app.post("/api/v1/search", Map.of("query", q.path("query").asText(),
                                "search_type", type, "limit", 10), 200);
                        took.add(r.path("took_ms").asLong());
                        List<String> ranked = new ArrayList<>();
                        r.path("results").forEach(x -> ranked.add(x.path("url").asText()));
                        w.write(JSON.writeValueAsString(Map.of("id", q.path("id").asText(), "ranked", ranked)));
                        w.newLine();
                    }
                }
                took.sort(null);
                System.out.printf("%-8s %d queries, took_ms p50=%d p95=%d%n", type, took.size(),
                        took.get(took.size() / 2), took.get((int) (took.size() * 0.95)));
                files.add(results.toString());
            }
            List<String> cmd = new ArrayList<>(List.of("python3", eval.resolve("score.py").toString(), queries.toString()));
            cmd.addAll(files);
            cmd.addAll(List.of("--docs", docs.toString(), "--json", out.resolve("metrics.json").toString()));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("score.py failed");
            }
        }
    }
}
