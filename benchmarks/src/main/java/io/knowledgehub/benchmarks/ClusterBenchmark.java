package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.knowledgehub.testkit.AppProcess;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.knowledgehub.testkit.RedisServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cluster-mode throughput: crawl pages/s with 1 and with 2 crawler processes, indexing chunks/s with 1 and with 2
 * indexer processes, and the ratios. Everything is real and local: a PostgreSQL from embedded binaries and a
 * {@code redis-server} started here (fresh database, Redis and index for every run), the packaged cluster apps as
 * separate {@code java -jar} processes (api with workers off, N crawlers, M indexers embedding through the api's
 * t2v-transformers endpoints), and the PostgreSQL manual served on loopback.
 *
 * <p>A crawl job is one source and one crawler takes a job, so more crawler processes only help with several sources:
 * the manual is registered as {@code --sources} sources (4), each served by its own port over the same folder
 * ({@code crawl_delay} 0; the per-host politeness key includes the port). The crawl runs with no indexer process, so
 * its figure is the crawl's alone (the indexing jobs just queue up).
 *
 * <p>Indexing: {@code --index-pages} pages (300) over {@code --index-sources} sources (2, so two indexers have a job
 * each). Each source is a page list served beside the manual that links the same pages (every k-th file of the manual,
 * {@code max_depth} 1), so the set is deterministic and the indexing jobs are identical. They are crawled while the
 * indexers are idle; timed from the first indexing job's start until every indexing job is completed and the api's view
 * of the search index holds all their chunks. Without
 * {@code WEAVIATE_URL} the index is the shared Lucene directory, which allows ONE writer, the one indexer: a second
 * indexer refuses to start (Lucene's write lock; this program tries it once and prints what happened) and runs with 2
 * or more indexers are left out, saying so. With {@code WEAVIATE_URL} set, every process uses Weaviate (a new
 * collection per run) and every indexer writes it.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.ClusterBenchmark
 *      [--docs /usr/share/doc/postgresql-doc-15/html] [--sources 4] [--crawlers 1,2] [--indexers 1,2]
 *      [--index-pages 300] [--index-sources 2] [--inference api|local] [--crawl-workers N] [--phases crawl,index]
 *      [--rounds 2] [--warmup true] [--work benchmarks/target/cluster-bench] [--out DIR (default: --work)] [--timeout-minutes 15]</pre>
 * Each crawl cluster crawls twice: first with its just-started crawler JVMs (cold), then, unless {@code --warmup false},
 * the same amount again as new sources by the warmed-up JVMs (warm): both figures are printed, the JIT warm-up is a large
 * part of a crawl this short. Each configuration runs {@code --rounds} times (the order alternating between rounds) and the ratios are of the
 * medians. Figures are printed and written to {@code <out>/cluster-benchmark.json}; process logs are under
 * {@code <work>/<run>/}. On a machine with few cores every process competes for the same CPUs: the output gives the CPU
 * seconds of each process in the measured window, so it shows where the time went.
 */
public final class ClusterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The cluster api requires API keys: a bootstrap admin key for this run, sent on every api call. */
    private static final String ADMIN_KEY = "kh_bench-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Every process this program started and has not stopped yet; the shutdown hook ends them. */
    private static final Set<AppProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<RedisServerProcess> LIVE_REDIS = ConcurrentHashMap.newKeySet();
    private static volatile EmbeddedPostgres postgres;
    private static volatile Path postgresData;
    /** Set by the shutdown hook (Ctrl-C, kill): no new process may start after it stopped the running ones. */
    private static volatile boolean shuttingDown;

    private final Path docs;
    private final Path work;
    private final Path out;
    private final Path apiJar;
    private final Path crawlerJar;
    private final Path indexerJar;
    private final Path redisServer;
    private final String java;
    private final int sources;
    private final int indexPages;
    private final int indexSources;
    private final boolean inferenceViaApi;
    private final String crawlWorkers;
    private final String weaviateUrl;
    private final Duration timeout;
    private final int rounds;
    private final boolean warmup;
    /** The manual's pages every indexing source lists (the same ones, so that the indexing jobs are identical). */
    private List<String> indexPageList = List.of();
    private final String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final List<FixtureSiteServer> sites = new ArrayList<>();
    private final Map<String, Object> report = new LinkedHashMap<>();

    private ClusterBenchmark(String[] args) {
        docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        work = Path.of(Args.arg(args, "--work", "benchmarks/target/cluster-bench")).toAbsolutePath();
        out = Path.of(Args.arg(args, "--out", work.toString())).toAbsolutePath();
        apiJar = Path.of(Args.arg(args, "--api-jar", "api/target/quarkus-app-cluster/quarkus-run.jar")).toAbsolutePath();
        crawlerJar = Path.of(Args.arg(args, "--crawler-jar", "crawler/service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        indexerJar = Path.of(Args.arg(args, "--indexer-jar", "indexer/service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        redisServer = Path.of(Args.arg(args, "--redis-server", "/usr/bin/redis-server"));
        java = AppProcess.javaCommand();
        sources = Integer.parseInt(Args.arg(args, "--sources", "4"));
        indexPages = Integer.parseInt(Args.arg(args, "--index-pages", "300"));
        indexSources = Integer.parseInt(Args.arg(args, "--index-sources", "2"));
        inferenceViaApi = !Args.arg(args, "--inference", "api").equals("local");
        crawlWorkers = Args.arg(args, "--crawl-workers", null);
        String w = Args.arg(args, "--weaviate", System.getenv("WEAVIATE_URL"));
        weaviateUrl = w == null || w.isBlank() ? null : w;
        timeout = Duration.ofMinutes(Long.parseLong(Args.arg(args, "--timeout-minutes", "15")));
        rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        warmup = Boolean.parseBoolean(Args.arg(args, "--warmup", "true"));
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            stopEverything();
        }, "cluster-benchmark-cleanup"));
        ClusterBenchmark bench = new ClusterBenchmark(args);
        List<Integer> crawlers = ints(Args.arg(args, "--crawlers", "1,2"));
        List<Integer> indexers = ints(Args.arg(args, "--indexers", "1,2"));
        List<String> phases = List.of(Args.arg(args, "--phases", "crawl,index").split(","));
        try {
            bench.run(phases.contains("crawl") ? crawlers : List.of(), phases.contains("index") ? indexers : List.of());
        } catch (Exception e) {
            if (!shuttingDown) {
                throw e;
            }
            System.err.println("interrupted: the processes this benchmark started are being stopped");
        } finally {
            bench.sites.forEach(FixtureSiteServer::close);
            stopEverything();
            if (postgresData != null) {
                System.out.println("process logs: " + bench.work + "/<run>/*.log (postgres: " + bench.work.resolve("postgres") + ")");
            }
        }
    }

    private void run(List<Integer> crawlerCounts, List<Integer> indexerCounts) throws Exception {
        checkPrerequisites();
        prepareWorkDir();
        long files;
        try (Stream<Path> walk = Files.walk(docs)) {
            // read every file once, so that the first run does not pay for the disk and the later ones not
            files = walk.filter(Files::isRegularFile).peek(ClusterBenchmark::readQuietly).count();
        }
        int sitesNeeded = Math.max(crawlerCounts.isEmpty() ? 0 : sources * (warmup ? 2 : 1), indexerCounts.isEmpty() ? 0 : indexSources);
        for (int i = 0; i < sitesNeeded; i++) {
            sites.add(FixtureSiteServer.serve(docs));
        }
        startPostgres();
        Map<String, Object> machine = machine(files);
        report.put("machine", machine);
        System.out.println("== KnowledgeHub cluster benchmark ==");
        System.out.printf("machine: %d cores, load average at start %s, %s%n", Runtime.getRuntime().availableProcessors(),
                machine.get("load_average_at_start"), machine.get("java"));
        System.out.printf("servers: PostgreSQL %s (embedded binaries; fsync=%s, synchronous_commit=%s), %s; search index: %s%n",
                machine.get("postgresql"), machine.get("postgresql_fsync"), machine.get("postgresql_synchronous_commit"),
                machine.get("redis"), weaviateUrl == null ? "shared Lucene directory (KH_CLUSTER_INDEX_DIR)" : "Weaviate " + weaviateUrl);
        System.out.printf("docs: %s (%d files); embeddings of the indexers: %s%n", docs, files,
                inferenceViaApi ? "through the api's t2v-transformers endpoints (TRANSFORMERS_INFERENCE_API)" : "in each indexer process");

        List<Map<String, Object>> crawlRuns = new ArrayList<>();
        if (!crawlerCounts.isEmpty()) {
            System.out.printf("%n-- crawl: %d sources x the manual, crawl_delay 0, crawl workers per crawler: %s; NO indexer process "
                    + "runs during the crawl (indexing jobs queue up). Per cluster: a crawl by the just-started (cold) crawler JVMs%s%n",
                    sources, crawlWorkers == null ? "2 (default)" : crawlWorkers,
                    warmup ? ", then the same crawl again as new sources on other ports by the warmed-up JVMs" : "");
            for (int round = 1; round <= rounds; round++) {
                for (int n : order(crawlerCounts, round)) {
                    crawlRuns.add(crawlRun(n, round));
                }
            }
            report.put("crawl_runs", crawlRuns);
        }
        List<Map<String, Object>> indexRuns = new ArrayList<>();
        if (!indexerCounts.isEmpty()) {
            indexPageList = indexPages();
            System.out.printf("%n-- indexing: %d sources, each a page listing the same %d pages of the manual (every %dth file, sorted by name), "
                    + "crawled while the indexers are idle (1 crawler); so %d pages, and the indexing jobs are identical%n",
                    indexSources, indexPageList.size(), Math.max(1, htmlFiles().size() / pagesPerIndexSource()),
                    indexSources * (indexPageList.size() + 1));
            for (FixtureSiteServer site : sites.subList(0, indexSources)) {
                site.route(INDEX_LIST, ClusterBenchmark::servePageList);
            }
            List<Integer> counts = indexerCounts;
            if (weaviateUrl == null && indexerCounts.stream().anyMatch(m -> m > 1)) {
                counts = indexerCounts.stream().filter(m -> m == 1).toList();
                System.out.println("  the shared Lucene index has one writer, the one indexer: runs with 2 or more indexers need "
                        + "WEAVIATE_URL and are left out");
                report.put("indexer_counts_left_out", indexerCounts.stream().filter(m -> m > 1).toList());
            }
            for (int round = 1; round <= rounds; round++) {
                for (int m : order(counts, round)) {
                    indexRuns.add(indexRun(m, round));
                }
            }
            report.put("indexing_runs", indexRuns);
        }

        System.out.printf("%n== results (%d cores; %d round%s, the order of the runs alternating) ==%n",
                Runtime.getRuntime().availableProcessors(), rounds, rounds == 1 ? "" : "s");
        for (String pass : warmup ? List.of("warm", "cold") : List.of("cold")) {
            for (Map<String, Object> r : crawlRuns) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) r.get(pass);
                System.out.printf("crawl    %d crawler%s, %s JVMs : %6d pages in %7.2f s = %7.1f pages/s   (round %d%s)%n", r.get("crawlers"),
                        (int) r.get("crawlers") == 1 ? " " : "s", pass, p.get("pages"), p.get("seconds"), p.get("pages_per_second"),
                        r.get("round"), disturbed(p));
            }
            summarize(crawlRuns, "crawlers", r -> (double) ((Map<?, ?>) r.get(pass)).get("pages_per_second"),
                    "crawl    %d crawler%s, " + pass + " JVMs", "crawl ratio %d/%d crawlers, " + pass + " JVMs", "pages/s",
                    "crawl_pages_per_second_" + pass);
        }
        for (Map<String, Object> r : indexRuns) {
            System.out.printf("indexing %d indexer%s : %6d chunks in %7.2f s = %7.1f chunks/s   (round %d%s)%n", r.get("indexers"),
                    (int) r.get("indexers") == 1 ? " " : "s", r.get("chunks"), r.get("seconds"), r.get("chunks_per_second"), r.get("round"),
                    disturbed(r));
        }
        summarize(indexRuns, "indexers", r -> (double) r.get("chunks_per_second"), "indexing %d indexer%s",
                "indexing ratio %d/%d indexers", "chunks/s", "indexing_chunks_per_second");
        indexRuns.stream().map(r -> (String) r.get("mode")).distinct()
                .forEach(m -> System.out.println("indexing mode: " + m));
        if (report.containsKey("second_indexer_as_documented")) {
            System.out.println("note: " + report.get("second_indexer_as_documented"));
        }
        Files.createDirectories(out);
        Path json = out.resolve("cluster-benchmark.json");
        JSON.writeValue(json.toFile(), report);
        System.out.println("figures: " + json);
    }

    // ---------------------------------------------------------------- crawl

    /**
     * One crawl configuration on a fresh cluster: a crawl of {@code --sources} copies of the manual by just-started
     * crawler JVMs ("cold"), then, with {@code --warmup true}, the same on other ports (new sources, so every page is
     * new again) by the now warmed-up JVMs ("warm").
     */
    private Map<String, Object> crawlRun(int crawlerCount, int round) throws Exception {
        sites.forEach(FixtureSiteServer::clearLog);
        try (Cluster c = new Cluster("crawl-" + crawlerCount + "-crawler" + (crawlerCount == 1 ? "" : "s") + "-round-" + round)) {
            c.startApi();
            c.startAll(crawlerCount, i -> c.startCrawler(i));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("crawlers", crawlerCount);
            r.put("round", round);
            r.put("cold", crawlPass(c, "cold", 0));
            if (warmup) {
                r.put("warm", crawlPass(c, "warm", sources));
            }
            r.put("peak_rss_mib", c.peakRss());
            r.put("logs", c.dir.toString());
            return r;
        }
    }

    private Map<String, Object> crawlPass(Cluster c, String pass, int firstSite) throws Exception {
        Map<String, Double> pagesBefore = new LinkedHashMap<>();
        for (Service s : c.crawlers) {
            pagesBefore.put(s.name(), Math.max(0, s.metric("crawl_pages_total{result=\"checked\"}")));
        }
        CpuSnapshot before = c.cpu();
        long t0 = System.nanoTime();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < sources; i++) {
            ids.add(c.createSource(pass + "-" + (i + 1), sites.get(firstSite + i).baseUri().resolve("index.html"), 50, 100_000)
                    .path("job_id").asText());
        }
        List<JsonNode> jobs = c.awaitJobs("crawl", ids, t0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuSnapshot after = c.cpu();
        int pages = 0;
        int failed = 0;
        List<Double> jobSeconds = new ArrayList<>();
        for (JsonNode j : jobs.reversed()) {
            requireCompleted(j, c);
            pages += j.path("result").path("pages_checked").asInt();
            failed += j.path("result").path("pages_failed").asInt();
            jobSeconds.add(j.path("result").path("duration_seconds").asDouble());
        }
        Map<String, Long> perCrawler = new LinkedHashMap<>();
        for (Service s : c.crawlers) {
            perCrawler.put(s.name(), Math.round(s.metric("crawl_pages_total{result=\"checked\"}") - pagesBefore.get(s.name())));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sources", sources);
        r.put("pages", pages);
        r.put("pages_failed", failed);
        r.put("seconds", round(seconds));
        r.put("pages_per_second", round(pages / seconds));
        r.put("job_seconds_in_creation_order", jobSeconds);
        r.put("pages_per_crawler", perCrawler);
        r.put("cpu_seconds", after.minus(before, seconds));
        int n = c.crawlers.size();
        System.out.printf("%d crawler%s, %s JVM%s: %d pages (failed %d) in %.2f s = %.1f pages/s; crawl jobs took %s s "
                        + "(in creation order); pages per crawler %s%n", n, n == 1 ? "" : "s", pass, n == 1 ? "" : "s", pages, failed,
                seconds, pages / seconds, jobSeconds, perCrawler);
        printCpu(after.minus(before, seconds));
        return r;
    }

    // ---------------------------------------------------------------- indexing

    private int pagesPerIndexSource() {
        return (indexPages + indexSources - 1) / indexSources;
    }

    private Map<String, Object> indexRun(int indexerCount, int round) throws Exception {
        sites.forEach(FixtureSiteServer::clearLog);
        try (Cluster c = new Cluster("index-" + indexerCount + "-indexer" + (indexerCount == 1 ? "" : "s") + "-round-" + round)) {
            c.startApi();
            c.startCrawler(1);
            c.startIndexer(1);
            String mode = weaviateUrl != null ? "every indexer writes Weaviate" : "one indexer writes the shared Lucene index";
            if (weaviateUrl == null && !report.containsKey("second_indexer_as_documented")) {
                String what = c.trySecondWriter();
                report.put("second_indexer_as_documented", what);
                System.out.println("  a second indexer on the shared Lucene index (a second writer): " + what);
            }
            for (int i = 2; i <= indexerCount; i++) {
                int n = i;
                c.startAll(1, ignored -> c.startIndexer(n));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < indexSources; i++) {
                c.createSource("index-" + (i + 1), sites.get(i).baseUri().resolve(INDEX_LIST.substring(1)), 1, 100_000);
            }
            List<JsonNode> crawls = c.awaitJobs("crawl", indexSources, t0);
            int pages = 0;
            for (JsonNode j : crawls) {
                requireCompleted(j, c);
                pages += j.path("result").path("pages_new").asInt();
            }
            CpuSnapshot before = c.cpu();
            List<JsonNode> rag = c.awaitJobs("rag", indexSources, t0);
            long expected = 0;
            int documents = 0;
            Instant firstStart = Instant.MAX;
            List<Map<String, Object>> jobs = new ArrayList<>();
            for (JsonNode j : rag) {
                requireCompleted(j, c);
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
            for (Service s : c.indexers) {
                perIndexer.put(s.name(), Math.round(s.metric("index_chunks_total")));
            }
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
            r.put("cpu_seconds", after.minus(before, seconds));
            r.put("peak_rss_mib", c.peakRss());
            r.put("logs", c.dir.toString());
            System.out.printf("%d indexer%s: %d pages, %d documents, %d chunks in %.2f s = %.1f chunks/s (index holds %d chunks, "
                            + "%.1f s after the last job ended); jobs %s; chunks per indexer %s%n", indexerCount,
                    indexerCount == 1 ? "" : "s", pages, documents, expected, seconds, expected / seconds, indexed, Math.max(0, visibleLag),
                    jobs, perIndexer);
            printCpu(after.minus(before, seconds));
            return r;
        }
    }

    private static void requireCompleted(JsonNode job, Cluster c) {
        if (!job.path("status").asText().equals("completed")) {
            throw new IllegalStateException("job " + job.path("id").asText() + " (" + job.path("type").asText() + ") ended "
                    + job.path("status").asText() + ": " + job.path("error_message").asText() + "; logs in " + c.dir);
        }
    }

    // ---------------------------------------------------------------- one cluster: database, Redis, index, processes

    /** A fresh database, Redis and index, and the processes started on them; closing stops the processes and Redis. */
    private final class Cluster implements AutoCloseable {
        final String name;
        final Path dir;
        final Map<String, String> env = new HashMap<>();
        final List<Service> services = new ArrayList<>();
        final List<Service> crawlers = new ArrayList<>();
        final List<Service> indexers = new ArrayList<>();
        final RedisServerProcess redis;
        Service api;

        Cluster(String name) throws Exception {
            this.name = name;
            this.dir = Files.createDirectories(work.resolve(name));
            String db = ("run_" + runId + "_" + name).replaceAll("[^a-z0-9_]", "_");
            try (Connection conn = postgres.getPostgresDatabase().getConnection(); Statement s = conn.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            redis = track(RedisServerProcess.start(redisServer, dir));
            env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + db);
            env.put("REDIS_URL", redis.url());
            if (weaviateUrl != null) {
                env.put("WEAVIATE_URL", weaviateUrl);
                env.put("WEAVIATE_COLLECTION", "KhBench" + runId + "_" + name.replaceAll("\\W", "_"));
            } else {
                env.put("KH_CLUSTER_INDEX_DIR", dir.resolve("index").toString());
            }
            System.out.printf("%n[%s] database %s, redis :%d, logs in %s%n", name, db, redis.port(), dir);
        }

        void startApi() throws Exception {
            api = start("api", apiJar, List.of("-Xmx1g", "--add-modules", "jdk.incubator.vector"), Map.of());
        }

        Service startCrawler(int i) throws Exception {
            Map<String, String> extra = new HashMap<>();
            if (crawlWorkers != null) {
                extra.put("KH_JOBS_CRAWL_WORKERS", crawlWorkers);
            }
            Service s = start("crawler-" + i, crawlerJar, List.of("-Xmx512m"), extra);
            synchronized (crawlers) {
                crawlers.add(s);
            }
            return s;
        }

        Service startIndexer(int i) throws Exception {
            Map<String, String> extra = new HashMap<>(indexerEnv());
            Service s = start("indexer-" + i, indexerJar, List.of("-Xmx768m", "--add-modules", "jdk.incubator.vector"), extra);
            synchronized (indexers) {
                indexers.add(s);
            }
            return s;
        }

        private Map<String, String> indexerEnv() {
            return inferenceViaApi ? Map.of("TRANSFORMERS_INFERENCE_API", "http://127.0.0.1:" + api.process.port(),
                    "TRANSFORMERS_INFERENCE_API_KEY", ADMIN_KEY) : Map.of();
        }

        /** Starts a second indexer exactly as documented (a writer); says what happened, and stops it if it runs. */
        String trySecondWriter() throws Exception {
            Service s = launch("indexer-2-as-documented", indexerJar, List.of("-Xmx768m", "--add-modules", "jdk.incubator.vector"),
                    indexerEnv());
            String outcome = s.awaitHealthyOrExit(Duration.ofMinutes(3));
            synchronized (services) {
                services.remove(s);
            }
            if (outcome == null) {
                stop(s.process);
                return "it STARTED and reported healthy (unexpected: two writers on one Lucene directory); stopped it again; log "
                        + s.process.log();
            }
            return "it refused to start (" + outcome + "); log " + s.process.log();
        }

        interface Starter {
            Service start(int i) throws Exception;
        }

        /** Starts {@code n} processes at once (they boot in parallel) and waits for all of them. */
        void startAll(int n, Starter starter) throws Exception {
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                List<Future<Service>> futures = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    int k = i;
                    futures.add(pool.submit((Callable<Service>) () -> starter.start(k)));
                }
                for (Future<Service> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof Exception ex ? ex : e;
                    }
                }
            } finally {
                pool.shutdown();
            }
        }

        private Service start(String serviceName, Path jar, List<String> jvm, Map<String, String> extra) throws Exception {
            Service s = launch(serviceName, jar, jvm, extra);
            String failure = s.awaitHealthyOrExit(Duration.ofMinutes(3));
            if (failure != null) {
                throw new IllegalStateException(serviceName + " did not start: " + failure + "\n" + s.process.tail(30));
            }
            return s;
        }

        private Service launch(String serviceName, Path jar, List<String> jvm, Map<String, String> extra) throws Exception {
            Map<String, String> weaviateAccess = new HashMap<>();
            if (weaviateUrl != null) {
                for (String k : List.of("WEAVIATE_GRPC_HOST", "WEAVIATE_GRPC_PORT", "WEAVIATE_API_KEY")) {
                    if (System.getenv(k) != null) {
                        weaviateAccess.put(k, System.getenv(k));
                    }
                }
            }
            AppProcess process = AppProcess.builder(jar).name(serviceName).port(AppProcess.freePort())
                    // the cluster api's metrics port; one per process so that nothing collides
                    .managementPort(AppProcess.freePort())
                    .workingDir(dir).log(dir.resolve(serviceName + ".log")).javaOptions(jvm)
                    // nothing of this shell's cluster settings leaks into the run
                    .withoutShellSettings().env(weaviateAccess)
                    // the fixture sites are on 127.0.0.1; one client sends every request, so per-client rate limits are off
                    .env("KH_CRAWLER_ALLOWED_NETWORKS", "127.0.0.1/32").env("API_RATE_LIMIT", "0").env("SEARCH_RATE_LIMIT", "0")
                    .env("KH_ADMIN_API_KEY", ADMIN_KEY)
                    .env(env).env(extra)
                    // scratch only (native libraries, the model's files): kept across runs, one per process name
                    .env("KH_DATA_DIR", Files.createDirectories(work.resolve("scratch").resolve(serviceName.replaceAll("-as-documented", "")))
                            .toString())
                    .env("HOST", "127.0.0.1").env("API_HOST", "127.0.0.1")
                    .start();
            Service s = new Service(track(process));
            synchronized (services) {
                services.add(s);
            }
            return s;
        }

        JsonNode createSource(String sourceName, URI baseUrl, int maxDepth, int maxPages) throws Exception {
            return api.post("/api/v1/sources", Map.of("name", sourceName, "base_url", baseUrl.toString(),
                    "config", Map.of("max_depth", maxDepth, "max_pages", maxPages, "crawl_delay", 0)));
        }

        /** Polls until {@code count} jobs of the type exist and none of them is pending or running. */
        List<JsonNode> awaitJobs(String type, int count, long startNanos) throws Exception {
            return awaitJobs(type, count, null, startNanos);
        }

        /** Polls until the jobs {@code ids} exist and none of them is pending or running; newest first. */
        List<JsonNode> awaitJobs(String type, Set<String> ids, long startNanos) throws Exception {
            return awaitJobs(type, ids.size(), ids, startNanos);
        }

        private List<JsonNode> awaitJobs(String type, int count, Set<String> ids, long startNanos) throws Exception {
            long deadline = startNanos + timeout.toNanos();
            while (true) {
                JsonNode page = api.get("/api/v1/jobs?type=" + type + "&limit=1000");
                List<JsonNode> jobs = new ArrayList<>();
                page.path("jobs").forEach(j -> {
                    if (ids == null || ids.contains(j.path("id").asText())) {
                        jobs.add(j);
                    }
                });
                boolean done = jobs.size() >= count && jobs.stream().map(j -> j.path("status").asText())
                        .noneMatch(s -> s.equals("pending") || s.equals("running"));
                if (done) {
                    return jobs;
                }
                for (Service s : services) {
                    if (!s.process.isAlive()) {
                        throw new IllegalStateException(s.name() + " died (exit " + s.process.exitValue() + "):\n" + s.process.tail(30));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(type + " jobs not done after " + timeout + ": " + page + "; logs in " + dir);
                }
                Thread.sleep(100);
            }
        }

        /** Waits until the api's view of the search index holds {@code expected} chunks (forwarded writes land ~1 s later). */
        long awaitIndexChunks(long expected) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long chunks = -1;
            while (System.nanoTime() < deadline) {
                chunks = api.get("/api/v1/index").path("chunks").asLong();
                if (chunks >= expected) {
                    return chunks;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the search index holds " + chunks + " chunks, the indexing jobs wrote " + expected
                    + "; logs in " + dir);
        }

        CpuSnapshot cpu() {
            Map<String, Long> nanos = new LinkedHashMap<>();
            for (Service s : services) {
                if (s.process.isAlive()) {
                    nanos.put(s.name(), cpuNanos(s.process.toHandle()));
                }
            }
            nanos.put("postgres", postgresCpuNanos());
            nanos.put("redis", cpuNanos(redis.process().toHandle()));
            nanos.put("benchmark (sites, polling)", cpuNanos(ProcessHandle.current()));
            return new CpuSnapshot(nanos, machineJiffies());
        }

        Map<String, Long> peakRss() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Service s : services) {
                if (s.process.isAlive()) {
                    m.put(s.name(), s.process.peakRssKiB() / 1024);
                }
            }
            return m;
        }

        @Override
        public void close() {
            for (Service s : services.reversed()) {
                stop(s.process);
            }
            stop(redis);
        }
    }

    // ---------------------------------------------------------------- one service process

    /** One service process, and the calls this benchmark makes to it. */
    private record Service(AppProcess process) {

        String name() {
            return process.name();
        }

        /** null once /health answers 200; else why not (the process exited, or the time ran out). */
        String awaitHealthyOrExit(Duration limit) throws InterruptedException {
            try {
                process.awaitHealthy(limit);
                return null;
            } catch (AppProcess.NotHealthyException e) {
                return e.exitValue() != null ? "exited with " + e.exitValue() + ": " + reason()
                        : "not healthy within " + limit.toSeconds() + " s (" + e.lastAnswer() + ")";
            }
        }

        /** The most telling line of the log of a process that stopped at start. */
        String reason() {
            try {
                List<String> lines = Files.readAllLines(process.log());
                for (String key : List.of("LockObtainFailedException", "Lock held", "write.lock", "Caused by", "ERROR")) {
                    for (String l : lines) {
                        if (l.contains(key)) {
                            return l.strip().length() > 300 ? l.strip().substring(0, 300) + "..." : l.strip();
                        }
                    }
                }
                return lines.isEmpty() ? "empty log" : lines.getLast();
            } catch (IOException e) {
                return "no log";
            }
        }

        JsonNode get(String path) throws Exception {
            return send(HttpRequest.newBuilder(process.uri(path)).GET(), 200);
        }

        JsonNode post(String path, Object body) throws Exception {
            return send(HttpRequest.newBuilder(process.uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 201);
        }

        private JsonNode send(HttpRequest.Builder req, int expected) throws Exception {
            HttpRequest r = req.header("X-API-Key", ADMIN_KEY).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != expected) {
                throw new IllegalStateException(r.method() + " " + r.uri() + " answered " + resp.statusCode() + ": " + resp.body());
            }
            return JSON.readTree(resp.body());
        }

        /** The sum of the Prometheus samples whose name and labels start with {@code prefix}, or -1. */
        double metric(String prefix) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(process.uri("/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                double sum = 0;
                boolean found = false;
                for (String line : r.body().split("\n")) {
                    if (line.startsWith(prefix + " ") || (line.startsWith(prefix + "{") && !prefix.endsWith("}"))
                            || (prefix.endsWith("}") && line.startsWith(prefix))) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        found = true;
                    }
                }
                return found ? sum : -1;
            } catch (Exception e) {
                return -1;
            }
        }
    }

    // ---------------------------------------------------------------- CPU accounting

    private record CpuSnapshot(Map<String, Long> nanos, long[] machine) {
        Map<String, Object> minus(CpuSnapshot before, double wallSeconds) {
            Map<String, Object> m = new LinkedHashMap<>();
            double ours = 0;
            for (Map.Entry<String, Long> e : nanos.entrySet()) {
                Long b = before.nanos.get(e.getKey());
                if (b != null && e.getValue() >= 0 && b >= 0) {
                    m.put(e.getKey(), round((e.getValue() - b) / 1e9));
                    ours += (e.getValue() - b) / 1e9;
                }
            }
            // what the processes above used, in cores; the machine's figure below also counts everything else running
            m.put("these_processes_cores", round(ours / wallSeconds));
            if (machine != null && before.machine != null) {
                double total = machine[0] - before.machine[0];
                double busy = machine[1] - before.machine[1];
                m.put("machine_busy_percent", total == 0 ? 0 : round(100 * busy / total));
                m.put("machine_busy_cores", round(busy / total * Runtime.getRuntime().availableProcessors()));
                m.put("other_processes_cores", round(Math.max(0, busy / total * Runtime.getRuntime().availableProcessors() - ours / wallSeconds)));
            }
            m.put("wall", round(wallSeconds));
            return m;
        }
    }

    /** ", disturbed: other processes used N cores" for a run whose window other work took CPU from, else "". */
    private static String disturbed(Map<?, ?> run) {
        return run.get("cpu_seconds") instanceof Map<?, ?> cpu && cpu.get("other_processes_cores") instanceof Double other && other > 0.2
                ? String.format(", DISTURBED: other processes used %.2f cores", other) : "";
    }

    private static void printCpu(Map<String, Object> cpu) {
        System.out.println("  cpu seconds in the window: " + cpu);
        if (cpu.get("other_processes_cores") instanceof Double other && other > 0.2) {
            System.out.printf("  ! other processes on this machine used %.2f cores during this window: this figure is disturbed%n", other);
        }
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The postmaster and its backends (a backend's CPU is lost when it exits; the services keep pooled connections). */
    private static long postgresCpuNanos() {
        try {
            long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            return Stream.concat(Stream.of(postmaster), postmaster.descendants()).mapToLong(ClusterBenchmark::cpuNanos)
                    .filter(n -> n >= 0).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** [total, busy] jiffies of the whole machine from /proc/stat, or null. */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, total - idle};
        } catch (Exception e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- servers and processes

    private void checkPrerequisites() {
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: the benchmark crawls the PostgreSQL manual; install it "
                    + "(apt-get install postgresql-doc-15) or pass --docs DIR");
        }
        if (!Files.isExecutable(redisServer)) {
            throw new IllegalArgumentException("no redis-server at " + redisServer + ": apt-get install redis-server, or --redis-server PATH");
        }
        for (Path jar : List.of(apiJar, crawlerJar, indexerJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " is missing: build the cluster apps first (./mvnw -DskipTests install)");
            }
        }
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("the services need a JDK 21+; this is " + Runtime.version() + " (" + java + ")");
        }
        if (indexSources < 1 || sources < 1 || indexPages < 1) {
            throw new IllegalArgumentException("--sources, --index-sources and --index-pages must be at least 1");
        }
    }

    private void prepareWorkDir() throws IOException {
        Files.createDirectories(work);
        // a clean state: every run's directory (logs, index) and the database go; only the scratch directories stay
        try (Stream<Path> children = Files.list(work)) {
            for (Path p : children.toList()) {
                if (!p.getFileName().toString().equals("scratch") && Files.isDirectory(p)) {
                    Args.deleteTree(p);
                }
            }
        }
    }

    private void startPostgres() throws IOException {
        Path pg = Files.createDirectories(work.resolve("postgres"));
        postgresData = pg.resolve("data");
        postgres = EmbeddedPostgres.builder().setPort(AppProcess.freePort()).setOverrideWorkingDirectory(pg.toFile())
                .setDataDirectory(pg.resolve("data")).setCleanDataDirectory(true)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pg.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pg.resolve("postgres.log").toFile())).start();
        if (shuttingDown) {
            stopEverything();
            throw new IllegalStateException("the benchmark is being stopped");
        }
    }

    private Map<String, Object> machine(long files) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            m.put("load_average_at_start", load[0] + " " + load[1] + " " + load[2]);
        } catch (IOException e) {
            m.put("load_average_at_start", "?");
        }
        m.put("java", "Java " + Runtime.version() + " (" + java + ")");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String key : List.of("server_version", "fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + key)) {
                    rs.next();
                    m.put(key.equals("server_version") ? "postgresql" : "postgresql_" + key, rs.getString(1));
                }
            }
        }
        try {
            Process p = new ProcessBuilder(redisServer.toString(), "--version").redirectErrorStream(true).start();
            m.put("redis", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().replaceAll(" sha=.*", ""));
        } catch (IOException e) {
            m.put("redis", "redis-server");
        }
        m.put("docs", docs.toString());
        m.put("docs_files", files);
        m.put("sources", sources);
        m.put("index_pages", indexPages);
        m.put("rounds", rounds);
        m.put("crawl_warmup", warmup);
        m.put("index_sources", indexSources);
        m.put("crawl_workers_per_crawler", crawlWorkers == null ? "2 (default)" : crawlWorkers);
        m.put("indexer_embeddings", inferenceViaApi ? "api (TRANSFORMERS_INFERENCE_API)" : "in process");
        m.put("search_index", weaviateUrl == null ? "shared Lucene directory" : "Weaviate " + weaviateUrl);
        return m;
    }

    private static synchronized AppProcess track(AppProcess p) {
        if (shuttingDown) {
            p.stop(Duration.ZERO);
            throw new IllegalStateException("the benchmark is being stopped");
        }
        LIVE.add(p);
        return p;
    }

    private static synchronized RedisServerProcess track(RedisServerProcess r) {
        if (shuttingDown) {
            r.close();
            throw new IllegalStateException("the benchmark is being stopped");
        }
        LIVE_REDIS.add(r);
        return r;
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    private static void stop(AppProcess p) {
        p.stop(Duration.ofSeconds(15));
        LIVE.remove(p);
    }

    private static void stop(RedisServerProcess r) {
        r.close();
        LIVE_REDIS.remove(r);
    }

    /** Ends every process still running (also from the shutdown hook), then PostgreSQL. */
    private static synchronized void stopEverything() {
        List<AppProcess> left = new ArrayList<>(LIVE);
        AppProcess.stopAll(left, Duration.ofSeconds(15));
        LIVE.removeAll(left);
        new ArrayList<>(LIVE_REDIS).forEach(ClusterBenchmark::stop);
        EmbeddedPostgres pg = postgres;
        postgres = null;
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("could not stop PostgreSQL: " + e.getMessage());
            }
        }
    }

    private static void readQuietly(Path file) {
        try {
            Files.readAllBytes(file);
        } catch (IOException ignored) {
            // the crawl reports it
        }
    }

    private static List<Integer> ints(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                list.add(Integer.parseInt(s.strip()));
            }
        }
        return list;
    }

    /** Round 1 in the given order, round 2 reversed, and so on: a drift of the machine's load hits both sides. */
    private static List<Integer> order(List<Integer> counts, int round) {
        return round % 2 == 1 ? counts : counts.reversed();
    }

    /**
     * Prints and records, per process count, the median and the best rate over the rounds, and the ratios of both. On a
     * shared machine other work only ever slows a run down, so the best is the less disturbed figure; the runs whose
     * window other processes took CPU from are flagged where they are printed.
     */
    private void summarize(List<Map<String, Object>> runs, String countKey, java.util.function.ToDoubleFunction<Map<String, Object>> rate,
                           String label, String ratioLabel, String unit, String jsonKey) {
        Map<Integer, Double> medians = medians(runs, countKey, rate, false);
        Map<Integer, Double> best = medians(runs, countKey, rate, true);
        if (medians.isEmpty()) {
            return;
        }
        report.put(jsonKey + "_median", medians);
        report.put(jsonKey + "_best", best);
        medians.forEach((n, v) -> System.out.printf(label + " : median %.1f, best %.1f %s%n", n, n == 1 ? " " : "s", v, best.get(n), unit));
        if (medians.size() >= 2) {
            report.put(jsonKey + "_ratio_median", ratio(medians));
            report.put(jsonKey + "_ratio_best", ratio(best));
            System.out.printf(ratioLabel + ": %.2f (medians), %.2f (best runs)%n", last(medians), first(medians), ratio(medians), ratio(best));
        }
    }

    /** Per process count (ascending), the median (or the largest) rate over the rounds. */
    private static Map<Integer, Double> medians(List<Map<String, Object>> runs, String countKey,
                                                java.util.function.ToDoubleFunction<Map<String, Object>> rate, boolean best) {
        Map<Integer, List<Double>> by = new LinkedHashMap<>();
        runs.stream().sorted(Comparator.comparingInt(r -> (int) r.get(countKey)))
                .forEach(r -> by.computeIfAbsent((int) r.get(countKey), k -> new ArrayList<>()).add(rate.applyAsDouble(r)));
        Map<Integer, Double> m = new LinkedHashMap<>();
        by.forEach((n, v) -> {
            List<Double> sorted = v.stream().sorted().toList();
            int k = sorted.size();
            m.put(n, best ? sorted.getLast() : round(k % 2 == 1 ? sorted.get(k / 2) : (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2));
        });
        return m;
    }

    private static int first(Map<Integer, Double> m) {
        return m.keySet().iterator().next();
    }

    private static int last(Map<Integer, Double> m) {
        return m.keySet().stream().reduce((a, b) -> b).orElseThrow();
    }

    /** The largest count's rate over the smallest's. */
    private static double ratio(Map<Integer, Double> medians) {
        return round(medians.get(last(medians)) / medians.get(first(medians)));
    }

    private static final String INDEX_LIST = "/kh-benchmark-pages.html";
    private static volatile String pageListHtml = "";

    /** The .html files of the manual, sorted by name. */
    private List<String> htmlFiles() throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html") && !n.equals("index.html"))
                    .sorted().toList();
        }
    }

    /** Every k-th page of the manual, {@code --index-pages / --index-sources} of them: a spread over the whole manual. */
    private List<String> indexPages() throws IOException {
        List<String> all = htmlFiles();
        int want = Math.min(pagesPerIndexSource(), all.size());
        int step = Math.max(1, all.size() / want);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < all.size() && chosen.size() < want; i += step) {
            chosen.add(all.get(i));
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>Benchmark pages</title></head><body><main>"
                + "<h1>Benchmark pages</h1><ul>");
        chosen.forEach(n -> html.append("<li><a href=\"/").append(n).append("\">").append(n).append("</a></li>"));
        pageListHtml = html.append("</ul></main></body></html>").toString();
        return chosen;
    }

    private static void servePageList(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body = pageListHtml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
