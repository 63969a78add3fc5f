package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *      [--query PostgreSQL] [--xmx 600m] [--crawl-delay 0] [--max-pages 100000] [--keep DIR]
 *      [--data DIR --fill-seconds 60] [--env NAME=VALUE,...] [--app-env NAME=VALUE,...]</pre>
 * With a crawl delay, the crawl of the whole manual takes minutes: {@code --max-pages} bounds it. {@code --keep DIR}
 * keeps each run's data directory (its {@code app.log} and database) under DIR, named by build and round.
 *
 * <p>An app that already serves searches: {@code --data DIR} starts each run on a copy of an indexed data directory
 * (for example the 103k chunks {@code ./kh bench-http --copies 6 --keep DIR} makes), and {@code --fill-seconds N}
 * searches it with 8 connections and the evaluation's queries (wrk when on the PATH, else this JVM's client) for N
 * seconds before the source is created, so that search holds its decoded chunks (up to its budget) while the new source
 * is indexed. It then also prints the peak resident memory before the source was created, and the collector's full
 * pauses and largest heap after a collection over the whole run (from a GC log), to see what a full budget costs
 * indexing. {@code --env NAME=VALUE,...} gives settings to every run ({@code KH_EMBEDDINGS_CACHE_MAX_ENTRIES=0}: the new
 * source is embedded even where the copied index holds its texts), {@code --app-env} to {@code --app}'s runs only, as in
 * {@code ./kh bench-http}.
 */
public final class SearchableBenchmark {

    private record Run(String build, double firstResult, double crawlEnd, int pages, double indexed, int chunks, double peakRssMiB,
                       int searches, double searchP50, double searchP95, Fill fill, Gc gc) {
    }

    /** The searches before the source was created, and the peak resident memory they left. */
    private record Fill(int chunks, double perSecond, double peakRssMiB) {
    }

    /**
     * From the run's GC log: the collector's pauses, how many were full collections, and the largest heap left after
     * any of them (what the heap held then, live or not yet collected).
     */
    record Gc(int pauses, int fullPauses, int largestAfterMiB, List<String> fullLines) {
        private static final Pattern PAUSE = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\(\\d+M\\)");

        static Gc read(Path log) throws IOException {
            int pauses = 0;
            int full = 0;
            List<String> fullLines = new ArrayList<>();
            int largest = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    pauses++;
                    largest = Math.max(largest, Integer.parseInt(m.group(2)));
                    if (line.contains("Pause Full")) {
                        full++;
                        fullLines.add(line);
                    }
                }
            }
            return new Gc(pauses, full, largest, fullLines);
        }
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
        String data = Args.arg(args, "--data", null);
        int fillSeconds = Integer.parseInt(Args.arg(args, "--fill-seconds", "0"));
        Map<String, String> env = Args.env(args);
        Map<String, String> appEnv = new HashMap<>(env);
        appEnv.putAll(Args.env(args, "--app-env"));
        if (data != null && !Files.isDirectory(Path.of(data, "index"))) {
            throw new IllegalArgumentException("--data " + data + " holds no index: give an indexed data directory "
                    + "(./kh bench-http --copies 6 --keep DIR makes one)");
        }
        if (fillSeconds < 0) {
            throw new IllegalArgumentException("--fill-seconds is 0 (no searches first) or more, not " + fillSeconds);
        }
        Args.requireNewDirectory("--keep", keep, "");
        if (keep != null && data != null) {
            Path k = Path.of(keep).toAbsolutePath().normalize();
            Path d = Path.of(data).toAbsolutePath().normalize();
            if (k.startsWith(d) || d.startsWith(k)) {
                throw new IllegalArgumentException("--keep and --data must not lie in each other: the runs copy --data and never change it");
            }
        }
        if (fillSeconds > 0 && data == null) {
            throw new IllegalArgumentException("--fill-seconds searches an app that holds an index already: give --data DIR");
        }
        Options options = new Options(query, xmx, delay, maxPages, data == null ? null : Path.of(data), fillSeconds,
                fillSeconds > 0 ? fillQueries() : List.of());
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        List<Run> runs = new ArrayList<>();
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs)) {
            for (int round = 1; round <= rounds; round++) {
                if (!baseline.isEmpty()) {
                    runs.add(once("baseline", Path.of(baseline), site, options, env,
                            keep == null ? null : Path.of(keep, "baseline-" + round)));
                }
                runs.add(once("this build", jar, site, options, appEnv,
                        keep == null ? null : Path.of(keep, "this-build-" + round)));
            }
        }
        System.out.printf("%n%-11s %14s %12s %10s %15s %8s %10s %26s%n", "build", "first result", "crawl end", "pages/s",
                "all indexed", "chunks", "peak RSS", "search while indexing p50/p95");
        for (Run r : runs) {
            System.out.printf("%-11s %13.1fs %11.1fs %10.0f %14.1fs %8d %7.0f MiB %15.0f / %.0f ms%n", r.build, r.firstResult,
                    r.crawlEnd, r.pages / r.crawlEnd, r.indexed, r.chunks, r.peakRssMiB, r.searchP50, r.searchP95);
        }
        if (options.data() != null) {
            System.out.printf("%n%-11s %14s %12s %16s %12s %18s %14s%n", "build", "chunks before", "fill req/s",
                    "peak RSS before", "peak RSS", "largest heap after GC", "full GC pauses");
            for (Run r : runs) {
                System.out.printf("%-11s %14d %12.0f %12.0f MiB %8.0f MiB %14d MiB %14d%n", r.build, r.fill.chunks(),
                        r.fill.perSecond(), r.fill.peakRssMiB(), r.peakRssMiB, r.gc.largestAfterMiB(), r.gc.fullPauses());
            }
        }
    }

    private record Options(String query, String xmx, double delay, int maxPages, Path data, int fillSeconds,
                           List<String> fillQueries) {
    }

    /** The evaluation's terms and questions, mixed as {@code ./kh bench-http} mixes them. */
    private static List<String> fillQueries() throws Exception {
        List<String> queries = new ArrayList<>(Args.evalQueries(Path.of("../shared/eval")));
        Collections.shuffle(queries, new Random(7));
        return queries;
    }

    private static Fill fill(StandaloneApp app, Options options) throws Exception {
        int chunks = app.get("/api/v1/index").path("chunks").asInt();
        if (options.fillSeconds() <= 0) {
            return new Fill(chunks, 0, Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0);
        }
        double perSecond = HttpSearchBenchmark.warmUp(app, options.fillQueries(), "hybrid", 8,
                WrkLoad.available() ? "wrk" : "java", options.fillSeconds());
        return new Fill(chunks, perSecond, Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0);
    }

    private static Run once(String build, Path jar, FixtureSiteServer site, Options options, Map<String, String> settings,
                            Path keep) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("SEARCH_CACHE_TTL", "0"); // the searches while indexing repeat: each must really run
        Path gcDir = Files.createTempDirectory("kh-bench-searchable-gc");
        Path gcLog = gcDir.resolve("gc.log");
        Path dataDir = keep;
        try {
            if (options.data() != null) {
                dataDir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("kh-bench-searchable");
                HttpSearchBenchmark.copyTree(options.data(), dataDir);
            }
            return measure(build, jar, site, options, env, dataDir, gcLog);
        } finally {
            Args.deleteTree(gcDir);
            if (options.data() != null && keep == null && dataDir != null) {
                Args.deleteTree(dataDir);
            }
        }
    }

    private static Run measure(String build, Path jar, FixtureSiteServer site, Options options, Map<String, String> env,
                               Path dataDir, Path gcLog) throws Exception {
        String query = options.query();
        // one log file, never rotated (the default keeps five of 20 MB and reads would miss the older ones)
        try (StandaloneApp app = StandaloneApp.start(jar, List.of("-Xmx" + options.xmx(), "--add-modules", "jdk.incubator.vector",
                "-Xlog:gc:file=" + gcLog + "::filecount=0"), dataDir, env)) {
            Fill fill = fill(app, options);
            ThreadCpu cpuBefore = ThreadCpu.of(app.pid());
            // the app's threads, looked at every half second (threads that live for one job keep their time)
            ThreadCpu[] cpuSeen = {cpuBefore};
            long[] cpuNext = {System.nanoTime()};
            Runnable lookAtThreads = () -> {
                if (System.nanoTime() - cpuNext[0] >= 0) {
                    cpuSeen[0] = cpuSeen[0].then(ThreadCpu.of(app.pid()));
                    cpuNext[0] = System.nanoTime() + 500_000_000L;
                }
            };
            long t0 = System.nanoTime();
            double createdAt = ProcessHandle.of(app.pid()).flatMap(h -> h.info().startInstant())
                    .map(start -> Duration.between(start, Instant.now()).toMillis() / 1000.0).orElse(-1.0);
            JsonNode created = app.post("/api/v1/sources", Map.of("name", "Manual", "base_url",
                    site.baseUri().resolve("index.html").toString(),
                    "config", Map.of("max_depth", 50, "max_pages", options.maxPages(), "crawl_delay", options.delay())), 201);
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
                lookAtThreads.run();
                Thread.sleep(50);
            }
            List<Double> latencies = new ArrayList<>();
            long nextCheck = 0;
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("indexing not done within 60 minutes");
                }
                lookAtThreads.run();
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
            Map<String, Double> cpu = cpuSeen[0].then(ThreadCpu.of(app.pid())).minus(cpuBefore);
            double[] millis = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            double p50 = HttpLoad.percentile(millis, 50);
            double p95 = HttpLoad.percentile(millis, 95);
            int chunks = app.get("/api/v1/index").path("chunks").asInt();
            double rss = Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0;
            Gc gc = Gc.read(gcLog);
            Run run = new Run(build, first, crawlEnd, pages, indexed, chunks, rss, latencies.size(), p50, p95, fill, gc);
            System.out.printf("%s: first result %.1f s, crawl ended %.1f s (%d pages), all indexed %.1f s (%d chunks), peak RSS %.0f MiB, "
                    + "%d hybrid searches while indexing: p50 %.0f ms, p95 %.0f ms%n",
                    build, first, crawlEnd, pages, indexed, chunks, rss, latencies.size(), p50, p95);
            // where the app's CPU went in that time, by its threads' work (the model's share is the ceiling on what
            // a faster rest of the app can gain)
            System.out.printf("%s: the app's CPU from creation to all indexed: %s%n", build, ThreadCpu.describe(cpu));
            if (options.data() != null) {
                System.out.printf("%s: %d chunks before (%d new), %.0f searches/s for %d s before the source was created (peak RSS "
                        + "%.0f MiB then); over the run %d GC pauses, %d of them full, at most %d MiB of heap left after a "
                        + "collection%n", build, fill.chunks(), chunks - fill.chunks(), fill.perSecond(), options.fillSeconds(),
                        fill.peakRssMiB(), gc.pauses(), gc.fullPauses(), gc.largestAfterMiB());
                if (!gc.fullLines().isEmpty()) {
                    System.out.printf("%s: the source was created %.1f s after the app's process started; its full collections "
                            + "(seconds since the start):%n  %s%n", build, createdAt, String.join("\n  ", gc.fullLines()));
                }
            }
            return run;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
