package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Search throughput over HTTP: the packaged standalone app, search cache off, {@code --connections} clients in a
 * closed loop over a mix of the evaluation's queries (search terms and questions), counting requests/s, latency
 * percentiles and errors.
 *
 * <pre>./kh bench-http [--data DIR | --docs DIR --pages N --copies 1 --keep DIR] [--connections 8] [--requests 3000]
 *              [--rounds 2] [--type hybrid] [--app JAR] [--baseline JAR] [--app-env NAME=VALUE,...] [--jfr FILE]
 *              [--warmup-seconds 20] [--settle-seconds 120] [--client java|wrk] [--seconds 40]</pre>
 *
 * <ul>
 *   <li>{@code --data}: an indexed data directory (for example the one {@code ./kh eval --data} keeps); it is
 *   copied for each run and never changed. Without it, {@code --pages} pages of {@code --docs} (the PostgreSQL
 *   manual) are crawled and indexed first; with {@code --copies N}, as N sources, each served from its own port
 *   (N times the chunks: the first copy is embedded, the others reuse its vectors, so 6 copies make about 100k
 *   chunks and 58 about 1M, in 14 min on 2 cores). {@code --keep DIR} (a new directory) keeps that data directory for later
 *   runs' {@code --data}.</li>
 *   <li>{@code --baseline}: a second build of the app, run in turns with {@code --app} on the same data, so that
 *   a change is compared with what was there before on the same (noisy) machine.</li>
 *   <li>{@code --app-env}: settings (environment variables) given to {@code --app}'s runs only; with
 *   {@code --baseline} the same jar, two settings of one build are compared in turns.</li>
 *   <li>{@code --jfr}: records a Java Flight Recording (profile settings) of {@code --app}'s last run.</li>
 *   <li>{@code --settle-seconds}: before the warm-up, waits at most this long for the app to merge its index's
 *   segments (into one, or into as few as fit its heap), as an app that has had no writes for
 *   {@code KH_INDEXER_MERGE_AFTER_IDLE} does (a copied data directory holds the segments its indexing left); 0
 *   measures the segments as copied. A build that does not report its
 *   segments is not waited for.</li>
 *   <li>{@code --warmup-seconds}: the same load runs this long before the measured one, so that the JIT has compiled
 *   the search path (a long-running service is measured, not a starting one).</li>
 *   <li>{@code --client wrk}: the load comes from {@code wrk} ({@link WrkLoad}; Debian package {@code wrk}) for
 *   {@code --seconds} instead of {@code --requests} from this JVM's HTTP client, which on 2 cores takes 1-2 ms of
 *   CPU a request from the app.</li>
 * </ul>
 *
 * <p>Each run also prints the seconds from starting the app's process to its health check answering ("start", the
 * start-up check of the index against the database included) and the time of the first search after that (cold
 * caches, the model's first query). Beside the latencies it prints the CPU time per request of the app (all its
 * threads, the model's native ones included) and of this load generator, which shares the machine: on a small
 * machine the two together bound the throughput.
 */
public final class HttpSearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path app = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        String baseline = Args.arg(args, "--baseline", null);
        String data = Args.arg(args, "--data", null);
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        int pages = Integer.parseInt(Args.arg(args, "--pages", "300"));
        int copies = Integer.parseInt(Args.arg(args, "--copies", "1"));
        String keep = Args.arg(args, "--keep", null);
        int connections = Integer.parseInt(Args.arg(args, "--connections", "8"));
        int requests = Integer.parseInt(Args.arg(args, "--requests", "3000"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        String type = Args.arg(args, "--type", "hybrid");
        String jfr = Args.arg(args, "--jfr", null);
        Map<String, String> appEnv = Args.env(args, "--app-env");
        String xmx = Args.arg(args, "--xmx", "600m");
        String client = Args.arg(args, "--client", "java");
        int seconds = Integer.parseInt(Args.arg(args, "--seconds", "40"));
        int warmupSeconds = Integer.parseInt(Args.arg(args, "--warmup-seconds", "20"));
        int settleSeconds = Integer.parseInt(Args.arg(args, "--settle-seconds", "120"));
        if (!client.equals("java") && !client.equals("wrk")) {
            throw new IllegalArgumentException("--client is java or wrk, not " + client);
        }
        if (client.equals("wrk") && !WrkLoad.available()) {
            throw new IllegalArgumentException("--client wrk needs wrk on the PATH (apt-get install wrk)");
        }
        List<String> queries = new ArrayList<>();
        for (String file : Args.arg(args, "--queries",
                "../shared/eval/postgres/queries.jsonl,../shared/eval/postgres/paraphrase.jsonl").split(",")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (!line.isBlank()) {
                    queries.add(JSON.readTree(line).path("query").asText());
                }
            }
        }
        Collections.shuffle(queries, new Random(7)); // terms and questions mixed, the same order every run

        Path indexed = data != null ? Path.of(data) : crawl(app, docs, pages, copies, keep, xmx);
        Map<String, Path> builds = new LinkedHashMap<>();
        if (baseline != null) {
            builds.put("baseline", Path.of(baseline));
        }
        builds.put("app", app);
        List<String[]> rows = new ArrayList<>();
        Map<String, List<HttpLoad.Summary>> results = new HashMap<>();
        long chunks = -1;
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Path> build : builds.entrySet()) {
                List<String> jvm = appJvm(xmx);
                if (jfr != null && round == rounds && build.getKey().equals("app")) {
                    jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
                }
                Path copy = Files.createTempDirectory("kh-bench-http");
                copyTree(indexed, copy);
                long started = System.nanoTime();
                Map<String, String> env = new HashMap<>(Map.of("SEARCH_CACHE_TTL", "0"));
                if (build.getKey().equals("app")) {
                    env.putAll(appEnv);
                }
                try (StandaloneApp running = StandaloneApp.start(build.getValue(), jvm, copy, env)) {
                    double healthySeconds = (System.nanoTime() - started) / 1e9;
                    long first = System.nanoTime();
                    running.post("/api/v1/search", Map.of("query", queries.get(0), "search_type", type, "limit", 10), 200);
                    double firstMs = (System.nanoTime() - first) / 1e6;
                    chunks = running.get("/api/v1/index").path("chunks").asLong();
                    // an app left quiet merges its index's segments (KH_INDEXER_MERGE_AFTER_IDLE): searched once it has
                    System.out.println(build.getKey() + ", round " + round + ": " + settle(running, settleSeconds));
                    // warm-up: the JIT compiles the search path over the first thousands of requests; a long-running
                    // service is measured once that is done (300 requests were not enough: 13.5 against 10.9 ms of CPU
                    // a request with the same build)
                    warmUp(running, queries, type, connections, client, warmupSeconds);
                    ProcessHandle appProcess = ProcessHandle.of(running.pid()).orElseThrow();
                    long appCpu = CpuSnapshot.cpuNanos(appProcess);
                    long clientCpu = CpuSnapshot.cpuNanos(ProcessHandle.current());
                    long wrkCpu = CpuSnapshot.childrenCpuNanos();
                    HttpLoad.Summary r = client.equals("wrk")
                            ? WrkLoad.searches(running.base(), queries, type, connections, seconds)
                            : HttpLoad.searches(running.base(), null, queries, type, requests, connections).summary();
                    double appMs = (CpuSnapshot.cpuNanos(appProcess) - appCpu) / 1e6 / r.requests();
                    double clientMs = (CpuSnapshot.cpuNanos(ProcessHandle.current()) - clientCpu
                            + CpuSnapshot.childrenCpuNanos() - wrkCpu) / 1e6 / r.requests();
                    results.computeIfAbsent(build.getKey(), k -> new ArrayList<>()).add(r);
                    rows.add(new String[] {Integer.toString(round), build.getKey(), String.format("%.0f", r.perSecond()),
                            String.format("%.1f", r.p50()), String.format("%.1f", r.p95()),
                            String.format("%.1f", r.p99()), Integer.toString(r.errors()),
                            Long.toString(Args.procStatusKiB(running.pid(), "VmHWM:") / 1024),
                            String.format("%.1f", appMs), String.format("%.1f", clientMs),
                            String.format("%.1f", healthySeconds), String.format("%.0f", firstMs)});
                } finally {
                    Args.deleteTree(copy);
                }
            }
        }
        System.out.printf("%n%s search over HTTP, cache off, %d chunks, %d queries (terms and questions), %s per run after a "
                + "%d s warm-up, %d connections, load from %s%n", type, chunks, queries.size(),
                client.equals("wrk") ? seconds + " s" : requests + " requests", warmupSeconds, connections,
                client.equals("wrk") ? "wrk" : "this JVM's HTTP client");
        System.out.printf("%-6s %-9s %8s %8s %8s %8s %7s %9s %13s %16s %10s %15s%n", "round", "build", "req/s", "p50 ms",
                "p95 ms", "p99 ms", "errors", "peak MiB", "app CPU ms/req", "client CPU ms/req", "start s", "first answer ms");
        for (String[] row : rows) {
            System.out.printf("%-6s %-9s %8s %8s %8s %8s %7s %9s %13s %16s %10s %15s%n", (Object[]) row);
        }
        if (baseline != null) {
            double before = results.get("baseline").stream().mapToDouble(HttpLoad.Summary::perSecond).average().orElse(0);
            double after = results.get("app").stream().mapToDouble(HttpLoad.Summary::perSecond).average().orElse(0);
            double p95Before = results.get("baseline").stream().mapToDouble(HttpLoad.Summary::p95).average().orElse(0);
            double p95After = results.get("app").stream().mapToDouble(HttpLoad.Summary::p95).average().orElse(0);
            System.out.printf("mean req/s: baseline %.0f, app %.0f (ratio %.2f); mean p95: baseline %.1f ms, app %.1f ms%n",
                    before, after, after / before, p95Before, p95After);
        }
        if (data == null && keep == null) {
            Args.deleteTree(indexed);
        }
        if (jfr != null) {
            System.out.println("flight recording of the last app run: " + jfr + " (jfr print --events jdk.ExecutionSample " + jfr + ")");
        }
    }

    /** The app's JVM options: its heap, and the vector module Lucene's SIMD code needs. */
    private static List<String> appJvm(String xmx) {
        return new ArrayList<>(List.of("-Xmx" + xmx, "--add-modules", "jdk.incubator.vector"));
    }

    /**
     * Searches with the run's load generator for {@code seconds}: wrk for that long; this JVM's client in runs of 300
     * requests until that long has passed, at least one run (also with wrk and 0 seconds). Returns the searches a second.
     */
    static double warmUp(StandaloneApp app, List<String> queries, String type, int connections, String client,
                         int seconds) throws Exception {
        if (client.equals("wrk") && seconds > 0) {
            return WrkLoad.searches(app.base(), queries, type, connections, seconds).perSecond();
        }
        long started = System.nanoTime();
        long until = started + seconds * 1_000_000_000L;
        long requests = 0;
        do {
            requests += HttpLoad.searches(app.base(), null, queries, type, 300, connections).summary().requests();
        } while (System.nanoTime() < until);
        return requests / ((System.nanoTime() - started) / 1e9);
    }

    private static Path crawl(Path app, Path docs, int pages, int copies, String keep, String xmx) throws Exception {
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, "
                    + "or pass --docs DIR, or --data with an indexed data directory");
        }
        Args.requireNewDirectory("--keep", keep, " (a kept one is used with --data)");
        Path data = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("kh-bench-http-data");
        List<FixtureSiteServer> sites = new ArrayList<>();
        try (StandaloneApp running = StandaloneApp.start(app, appJvm(xmx), data, Map.of())) {
            for (int copy = 1; copy <= copies; copy++) {
                FixtureSiteServer site = FixtureSiteServer.serve(docs);
                sites.add(site);
                long t0 = System.nanoTime();
                running.post("/api/v1/sources", Map.of("name", copies == 1 ? "PostgreSQL manual" : "PostgreSQL manual " + copy,
                        "base_url", site.baseUri().resolve("index.html").toString(),
                        "config", Map.of("max_depth", 50, "max_pages", pages, "crawl_delay", 0)), 201);
                running.awaitIdle(Duration.ofMinutes(60));
                System.out.printf("copy %d of %d crawled and indexed in %.1f s: %d chunks in the index%n", copy, copies,
                        (System.nanoTime() - t0) / 1e9, running.get("/api/v1/index").path("chunks").asLong());
            }
        } finally {
            for (FixtureSiteServer site : sites) {
                site.close();
            }
        }
        return data;
    }

    /**
     * Waits until the app has merged its index's segments (into one, or into as few as fit its heap: it logs "Merged the
     * search index's"), for at most {@code seconds}; says what it saw. The app's log is read once a second, not
     * {@code GET /api/v1/index}, which compares the whole index with the database (seconds of CPU at a million chunks).
     * An app that does not report its segments (a build before they were merged when quiet) is not waited for.
     */
    static String settle(StandaloneApp running, int seconds) throws Exception {
        long start = System.nanoTime();
        JsonNode info = running.get("/api/v1/index");
        if (!info.path("segments").isInt()) {
            return "the app does not report its index's segments";
        }
        int first = info.path("segments").asInt();
        if (first <= 1) {
            return "the index is in one segment";
        }
        Path log = running.dataDir().resolve("app.log");
        boolean merged = false;
        while (!merged && System.nanoTime() - start < seconds * 1_000_000_000L) {
            Thread.sleep(1_000);
            merged = Files.readString(log).contains("Merged the search index's");
        }
        double waited = (System.nanoTime() - start) / 1e9;
        int now = running.get("/api/v1/index").path("segments").asInt();
        return merged ? String.format("the index went from %d segments to %d in the %.0f s after the first search", first, now, waited)
                : String.format("the index is still in %d segments (%d at first) after %.0f s; measured so", now, first, waited);
    }

    /** Copies a data directory (its log and the database's lock file left out) for a run of the app. */
    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("app.log") && !p.getFileName().toString().endsWith(".lock.db")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private HttpSearchBenchmark() {
    }
}
