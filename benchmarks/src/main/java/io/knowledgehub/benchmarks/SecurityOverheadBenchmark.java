package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What authentication and rate limiting cost a search: hybrid searches over HTTP against the packaged standalone
 * app with both off, then with both on (a read key checked against the database on every request, and limits high
 * enough that nothing is refused), alternating over several rounds on the same index, search cache off.
 *
 * <pre>./kh bench-security [--docs DIR] [--pages 300] [--requests 1500] [--connections 8] [--rounds 2]</pre>
 * Prints requests/s, p50, p95 and p99 per round and mode, and the on/off ratio of the medians.
 */
public final class SecurityOverheadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "kh_benchmark_admin_key_0123456789abcdef";

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        Path queriesFile = Path.of(Args.arg(args, "--queries", "../shared/eval/postgres/queries.jsonl"));
        int pages = Integer.parseInt(Args.arg(args, "--pages", "300"));
        int requests = Integer.parseInt(Args.arg(args, "--requests", "1500"));
        int connections = Integer.parseInt(Args.arg(args, "--connections", "8"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(queriesFile)) {
            if (!line.isBlank()) {
                queries.add(JSON.readTree(line).path("query").asText());
            }
        }
        List<String> jvm = List.of("-Xmx600m", "--add-modules", "jdk.incubator.vector");
        Path data = Files.createTempDirectory("kh-bench-security");
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs)) {
            try (StandaloneApp app = StandaloneApp.start(jar, jvm, data, Map.of())) {
                app.post("/api/v1/sources", Map.of("name", "PostgreSQL manual", "base_url",
                        site.baseUri().resolve("index.html").toString(),
                        "config", Map.of("max_depth", 50, "max_pages", pages, "crawl_delay", 0)), 201);
                app.awaitIdle(Duration.ofMinutes(30));
                System.out.printf("indexed %d pages into %d chunks%n", app.get("/api/v1/documents?limit=1").path("total").asLong(),
                        app.get("/api/v1/index").path("chunks").asLong());
            }
            List<String[]> rows = new ArrayList<>();
            Map<String, List<Double>> medians = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (boolean secured : new boolean[] {false, true}) {
                    Map<String, String> env = new HashMap<>(Map.of("SEARCH_CACHE_TTL", "0"));
                    if (secured) {
                        env.putAll(Map.of("KH_AUTH_ENABLED", "true", "KH_ADMIN_API_KEY", ADMIN_KEY,
                                "API_RATE_LIMIT", "100000000", "SEARCH_RATE_LIMIT", "100000000"));
                    }
                    try (StandaloneApp app = StandaloneApp.start(jar, jvm, data, env)) {
                        String key = null;
                        if (secured) {
                            app.useApiKey(ADMIN_KEY);
                            key = app.post("/api/v1/keys", Map.of("name", "bench-read-" + round, "scope", "read"), 201)
                                    .path("key").asText();
                        }
                        HttpLoad.searches(app.base(), key, queries, "hybrid", Math.min(200, requests), connections); // warm-up
                        HttpLoad.Result r = HttpLoad.searches(app.base(), key, queries, "hybrid", requests, connections);
                        String mode = secured ? "auth + rate limits on" : "auth + rate limits off";
                        medians.computeIfAbsent(mode, m -> new ArrayList<>()).add(r.percentile(50));
                        rows.add(new String[] {Integer.toString(round), mode, String.format("%.0f", r.perSecond()),
                                String.format("%.1f", r.percentile(50)), String.format("%.1f", r.percentile(95)),
                                String.format("%.1f", r.percentile(99)), Integer.toString(r.errors())});
                    }
                }
            }
            System.out.printf("%nhybrid search over HTTP, cache off, %d requests per run, %d connections%n", requests, connections);
            System.out.printf("%-6s %-24s %8s %8s %8s %8s %7s%n", "round", "mode", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
            for (String[] row : rows) {
                System.out.printf("%-6s %-24s %8s %8s %8s %8s %7s%n", (Object[]) row);
            }
            double off = medians.get("auth + rate limits off").stream().mapToDouble(d -> d).average().orElse(Double.NaN);
            double on = medians.get("auth + rate limits on").stream().mapToDouble(d -> d).average().orElse(Double.NaN);
            System.out.printf("mean p50: off %.1f ms, on %.1f ms (ratio %.2f)%n", off, on, on / off);
        } finally {
            Args.deleteTree(data);
        }
    }

    private SecurityOverheadBenchmark() {
    }
}
