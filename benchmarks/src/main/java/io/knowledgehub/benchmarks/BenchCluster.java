package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.testkit.AppProcess;
import io.knowledgehub.testkit.RedisServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One KnowledgeHub cluster for a measurement, on state of its own: a fresh database on the benchmark's PostgreSQL
 * (embedded binaries, one server for the whole run), a fresh {@code redis-server}, a fresh search index (a Lucene
 * directory in the cluster's folder, or a new Weaviate collection with {@code WEAVIATE_URL}), and the packaged api,
 * crawlers and indexers started on them as separate {@code java -jar} processes through testkit's {@link AppProcess}.
 * It makes the REST and metrics calls a measurement needs (create a source, wait for jobs, read the size of the search
 * index, the processes' counters, CPU time and peak memory), and can stop and restart its Redis (an outage). Closing
 * it stops its processes and its Redis. {@link ClusterBenchmark} and {@link RedisOutageBenchmark} run on it.
 *
 * <p>Every process started here is tracked: after {@link #stopOnExit}, a Ctrl-C or kill of the benchmark stops all of
 * them and PostgreSQL, and no process starts after that.
 */
final class BenchCluster implements AutoCloseable {

    static final Path API_JAR = Path.of("api/target/quarkus-app-cluster/quarkus-run.jar");
    static final Path CRAWLER_JAR = Path.of("crawler/service/target/quarkus-app/quarkus-run.jar");
    static final Path INDEXER_JAR = Path.of("indexer/service/target/quarkus-app/quarkus-run.jar");

    /**
     * What the clusters of one benchmark run share.
     *
     * @param work            the run's folder: one folder per cluster (logs, Lucene index), PostgreSQL, and scratch
     *                        directories kept across runs
     * @param runId           makes the names of databases and Weaviate collections unique to the run
     * @param weaviateUrl     the search index of every process, or null for a Lucene directory per cluster
     * @param crawlWorkers    {@code KH_JOBS_CRAWL_WORKERS} of each crawler, or null for the default
     * @param inferenceViaApi whether the indexers embed through the api's t2v-transformers endpoints (else in process)
     * @param timeout         how long the jobs of one wait may take
     */
    record Setup(Path work, String runId, Path apiJar, Path crawlerJar, Path indexerJar, Path redisServer, String weaviateUrl,
                 String crawlWorkers, boolean inferenceViaApi, Duration timeout) {

        /** Fails, saying what to do, unless the redis-server binary and the packaged apps are there. */
        void check() {
            if (!Files.isExecutable(redisServer)) {
                throw new IllegalArgumentException("no redis-server at " + redisServer + ": apt-get install redis-server, or --redis-server PATH");
            }
            for (Path jar : List.of(apiJar, crawlerJar, indexerJar)) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException(jar + " is missing: build the cluster apps first (./mvnw -DskipTests install)");
                }
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The cluster api requires API keys: a bootstrap admin key for this run, sent on every api call. */
    static final String ADMIN_KEY = "kh_bench-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> INDEXER_JVM = List.of("-Xmx768m", "--add-modules", "jdk.incubator.vector");
    /** Every process this program started and has not stopped yet; the shutdown hook ends them. */
    private static final Set<AppProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<RedisServerProcess> LIVE_REDIS = ConcurrentHashMap.newKeySet();
    private static volatile EmbeddedPostgres postgres;
    private static volatile Path postgresData;
    /** Set by the shutdown hook (Ctrl-C, kill): no new process may start after it stopped the running ones. */
    private static volatile boolean shuttingDown;

    private final Setup setup;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Service> crawlers = new ArrayList<>();
    private final List<Service> indexers = new ArrayList<>();
    private RedisServerProcess redis;
    private Service api;

    /** A fresh database on the run's PostgreSQL, a fresh redis-server and index; no process yet. */
    BenchCluster(Setup setup, String name) throws Exception {
        this.setup = setup;
        this.dir = Files.createDirectories(setup.work().resolve(name));
        String db = ("run_" + setup.runId() + "_" + name).replaceAll("[^a-z0-9_]", "_");
        try (Connection conn = postgres.getPostgresDatabase().getConnection(); Statement s = conn.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        redis = track(RedisServerProcess.start(setup.redisServer(), dir));
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + db);
        env.put("REDIS_URL", redis.url());
        if (setup.weaviateUrl() != null) {
            env.put("WEAVIATE_URL", setup.weaviateUrl());
            env.put("WEAVIATE_COLLECTION", "KhBench" + setup.runId() + "_" + name.replaceAll("\\W", "_"));
        } else {
            env.put("KH_CLUSTER_INDEX_DIR", dir.resolve("index").toString());
        }
        System.out.printf("%n[%s] database %s, redis :%d, logs in %s%n", name, db, redis.port(), dir);
    }

    // ---------------------------------------------------------------- the run's PostgreSQL and the shutdown hook

    /** From now on, the end of this program (also Ctrl-C or kill) stops every process started here, then PostgreSQL. */
    static void stopOnExit(String threadName) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            stopEverything();
        }, threadName));
    }

    /** Whether the shutdown hook runs: a failure after it is the interruption, not a fault. */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    /** Starts the run's PostgreSQL server, with an empty data directory under {@code <work>/postgres}. */
    static void startPostgres(Path work) throws IOException {
        Path pg = Files.createDirectories(work.resolve("postgres"));
        postgresData = pg.resolve("data");
        postgres = EmbeddedPostgres.builder().setPort(AppProcess.freePort()).setOverrideWorkingDirectory(pg.toFile())
                .setDataDirectory(postgresData).setCleanDataDirectory(true)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pg.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pg.resolve("postgres.log").toFile())).start();
        if (shuttingDown) {
            stopEverything();
            throw new IllegalStateException("the benchmark is being stopped");
        }
    }

    static boolean postgresStarted() {
        return postgresData != null;
    }

    /** PostgreSQL's version and the settings that bear on write throughput, keyed as in the report. */
    static Map<String, String> postgresFacts() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String key : List.of("server_version", "fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + key)) {
                    rs.next();
                    m.put(key.equals("server_version") ? "postgresql" : "postgresql_" + key, rs.getString(1));
                }
            }
        }
        return m;
    }

    /** Ends every process still running (also from the shutdown hook), then PostgreSQL. */
    static synchronized void stopEverything() {
        List<AppProcess> left = new ArrayList<>(LIVE);
        AppProcess.stopAll(left, Duration.ofSeconds(15));
        LIVE.removeAll(left);
        new ArrayList<>(LIVE_REDIS).forEach(BenchCluster::stop);
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

    // ---------------------------------------------------------------- the processes

    Path dir() {
        return dir;
    }

    List<Service> crawlers() {
        return crawlers;
    }

    List<Service> indexers() {
        return indexers;
    }

    /** The api's base URI, once {@link #startApi} returned. */
    URI apiUri() {
        return api.process.uri("");
    }

    void startApi() throws Exception {
        api = start("api", setup.apiJar(), List.of("-Xmx1g", "--add-modules", "jdk.incubator.vector"), Map.of());
    }

    Service startCrawler(int i) throws Exception {
        Map<String, String> extra = setup.crawlWorkers() == null ? Map.of() : Map.of("KH_JOBS_CRAWL_WORKERS", setup.crawlWorkers());
        Service s = start("crawler-" + i, setup.crawlerJar(), List.of("-Xmx512m"), extra);
        synchronized (crawlers) {
            crawlers.add(s);
        }
        return s;
    }

    /** Starts crawler-1 to crawler-n at once (they boot in parallel) and waits for all of them. */
    void startCrawlers(int n) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Service>> futures = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int k = i;
                futures.add(pool.submit(() -> startCrawler(k)));
            }
            for (Future<Service> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdown(); // not close(): after a failed start, the program ends without waiting for the other starts
        }
    }

    Service startIndexer(int i) throws Exception {
        Service s = start("indexer-" + i, setup.indexerJar(), INDEXER_JVM, indexerEnv());
        synchronized (indexers) {
            indexers.add(s);
        }
        return s;
    }

    private Map<String, String> indexerEnv() {
        return setup.inferenceViaApi() ? Map.of("TRANSFORMERS_INFERENCE_API", "http://127.0.0.1:" + api.process.port(),
                "TRANSFORMERS_INFERENCE_API_KEY", ADMIN_KEY) : Map.of();
    }

    /** Starts a second indexer exactly as documented (a writer); says what happened, and stops it if it runs. */
    String trySecondWriter() throws Exception {
        Service s = launch("indexer-2-as-documented", setup.indexerJar(), INDEXER_JVM, indexerEnv());
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
        if (setup.weaviateUrl() != null) {
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
                .env("KH_DATA_DIR", Files.createDirectories(setup.work().resolve("scratch")
                        .resolve(serviceName.replaceAll("-as-documented", ""))).toString())
                .env("HOST", "127.0.0.1").env("API_HOST", "127.0.0.1")
                .start();
        Service s = new Service(track(process));
        synchronized (services) {
            services.add(s);
        }
        return s;
    }

    // ---------------------------------------------------------------- calls to the api

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
        long deadline = startNanos + setup.timeout().toNanos();
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
                throw new IllegalStateException(type + " jobs not done after " + setup.timeout() + ": " + page + "; logs in " + dir);
            }
            Thread.sleep(100);
        }
    }

    /** Fails, naming the logs, unless the job (as the jobs API lists it) completed. */
    void requireCompleted(JsonNode job) {
        if (!job.path("status").asText().equals("completed")) {
            throw new IllegalStateException("job " + job.path("id").asText() + " (" + job.path("type").asText() + ") ended "
                    + job.path("status").asText() + ": " + job.path("error_message").asText() + "; logs in " + dir);
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

    /** Stops the cluster's redis-server, as in an outage; {@link #restartRedis} brings it back. */
    void stopRedis() {
        stop(redis);
    }

    /** Starts redis-server again, empty, on the port the processes were given (their {@code REDIS_URL}). */
    void restartRedis() {
        // the binary that RedisServerProcess.start(dir, port) runs
        System.setProperty("kh.redis-server", setup.redisServer().toString());
        redis = track(RedisServerProcess.start(dir, redis.port()));
    }

    // ---------------------------------------------------------------- what the processes used

    /** The CPU time so far of every running process of the cluster, PostgreSQL, Redis and this program. */
    CpuSnapshot cpu() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (Service s : services) {
            if (s.process.isAlive()) {
                nanos.put(s.name(), CpuSnapshot.cpuNanos(s.process.toHandle()));
            }
        }
        nanos.put("postgres", postgresCpuNanos());
        nanos.put("redis", CpuSnapshot.cpuNanos(redis.process().toHandle()));
        nanos.put("benchmark (sites, polling)", CpuSnapshot.cpuNanos(ProcessHandle.current()));
        return CpuSnapshot.of(nanos);
    }

    /** The postmaster and its backends (a backend's CPU is lost when it exits; the services keep pooled connections). */
    private static long postgresCpuNanos() {
        try {
            long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().strip());
            return CpuSnapshot.treeCpuNanos(ProcessHandle.of(pid).orElse(null));
        } catch (Exception e) {
            return -1;
        }
    }

    /** The peak resident memory in MiB of every running process of the cluster. */
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

    // ---------------------------------------------------------------- tracking

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

    // ---------------------------------------------------------------- one service process

    /** One service process, and the calls the benchmark makes to it. */
    record Service(AppProcess process) {

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
        private String reason() {
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
}
