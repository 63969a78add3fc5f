package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.knowledgehub.testkit.AppProcess;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Cluster-mode throughput: crawl pages/s with 1 and with 2 crawler processes ({@link CrawlPhase}), indexing chunks/s
 * with 1 and with 2 indexer processes ({@link IndexPhase}), and the ratios. Everything is real and local: a PostgreSQL
 * from embedded binaries and a {@code redis-server} started here, a fresh database, Redis and index for every run, the
 * packaged cluster apps as separate {@code java -jar} processes ({@link BenchCluster}: api with workers off, N
 * crawlers, M indexers embedding through the api's t2v-transformers endpoints), and the PostgreSQL manual served on
 * loopback, by one fixture site per source.
 *
 * <p>Without {@code WEAVIATE_URL} the index is the shared Lucene directory, which allows ONE writer, the one indexer: a
 * second indexer refuses to start (Lucene's write lock; this program tries it once and prints what happened) and runs
 * with 2 or more indexers are left out, saying so. With {@code WEAVIATE_URL} set, every process uses Weaviate (a new
 * collection per run) and every indexer writes it.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.ClusterBenchmark
 *      [--docs /usr/share/doc/postgresql-doc-15/html] [--sources 4] [--crawlers 1,2] [--indexers 1,2]
 *      [--index-pages 300] [--index-sources 2] [--inference api|local] [--crawl-workers N] [--phases crawl,index]
 *      [--rounds 2] [--warmup true] [--weaviate URL (default: $WEAVIATE_URL)] [--work benchmarks/target/cluster-bench]
 *      [--out DIR (default: --work)] [--timeout-minutes 15] [--api-jar JAR] [--crawler-jar JAR] [--indexer-jar JAR]
 *      [--redis-server /usr/bin/redis-server]</pre>
 * Each configuration runs {@code --rounds} times (the order alternating between rounds) and the ratios are of the
 * medians; the best run per configuration is printed too (on a shared machine other work only ever slows a run down).
 * Figures are printed and written to {@code <out>/cluster-benchmark.json}; process logs are under {@code <work>/<run>/}.
 * On a machine with few cores every process competes for the same CPUs: the output gives the CPU seconds of each
 * process in the measured window ({@link CpuSnapshot}), so it shows where the time went.
 */
public final class ClusterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchCluster.Setup setup;
    private final Path docs;
    private final Path out;
    private final int sources;
    private final int indexPages;
    private final int indexSources;
    private final int rounds;
    private final boolean warmup;
    private final List<FixtureSiteServer> sites = new ArrayList<>();
    private final Map<String, Object> report = new LinkedHashMap<>();

    private ClusterBenchmark(String[] args) {
        Path work = Path.of(Args.arg(args, "--work", "benchmarks/target/cluster-bench")).toAbsolutePath();
        String weaviate = Args.arg(args, "--weaviate", System.getenv("WEAVIATE_URL"));
        setup = new BenchCluster.Setup(work, Long.toString(System.currentTimeMillis() / 1000, 36),
                Path.of(Args.arg(args, "--api-jar", BenchCluster.API_JAR.toString())).toAbsolutePath(),
                Path.of(Args.arg(args, "--crawler-jar", BenchCluster.CRAWLER_JAR.toString())).toAbsolutePath(),
                Path.of(Args.arg(args, "--indexer-jar", BenchCluster.INDEXER_JAR.toString())).toAbsolutePath(),
                Path.of(Args.arg(args, "--redis-server", "/usr/bin/redis-server")),
                weaviate == null || weaviate.isBlank() ? null : weaviate,
                Args.arg(args, "--crawl-workers", null),
                !Args.arg(args, "--inference", "api").equals("local"),
                Duration.ofMinutes(Long.parseLong(Args.arg(args, "--timeout-minutes", "15"))));
        docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        out = Path.of(Args.arg(args, "--out", work.toString())).toAbsolutePath();
        sources = Integer.parseInt(Args.arg(args, "--sources", "4"));
        indexPages = Integer.parseInt(Args.arg(args, "--index-pages", "300"));
        indexSources = Integer.parseInt(Args.arg(args, "--index-sources", "2"));
        rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        warmup = Boolean.parseBoolean(Args.arg(args, "--warmup", "true"));
    }

    public static void main(String[] args) throws Exception {
        BenchCluster.stopOnExit("cluster-benchmark-cleanup");
        ClusterBenchmark bench = new ClusterBenchmark(args);
        List<Integer> crawlers = ints(Args.arg(args, "--crawlers", "1,2"));
        List<Integer> indexers = ints(Args.arg(args, "--indexers", "1,2"));
        List<String> phases = List.of(Args.arg(args, "--phases", "crawl,index").split(","));
        try {
            bench.run(phases.contains("crawl") ? crawlers : List.of(), phases.contains("index") ? indexers : List.of());
        } catch (Exception e) {
            if (!BenchCluster.shuttingDown()) {
                throw e;
            }
            System.err.println("interrupted: the processes this benchmark started are being stopped");
        } finally {
            bench.sites.forEach(FixtureSiteServer::close);
            BenchCluster.stopEverything();
            if (BenchCluster.postgresStarted()) {
                Path work = bench.setup.work();
                System.out.println("process logs: " + work + "/<run>/*.log (postgres: " + work.resolve("postgres") + ")");
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
        BenchCluster.startPostgres(setup.work());
        Map<String, Object> machine = machine(files);
        report.put("machine", machine);
        System.out.println("== KnowledgeHub cluster benchmark ==");
        System.out.printf("machine: %d cores, load average at start %s, %s%n", Runtime.getRuntime().availableProcessors(),
                machine.get("load_average_at_start"), machine.get("java"));
        System.out.printf("servers: PostgreSQL %s (embedded binaries; fsync=%s, synchronous_commit=%s), %s; search index: %s%n",
                machine.get("postgresql"), machine.get("postgresql_fsync"), machine.get("postgresql_synchronous_commit"),
                machine.get("redis"), setup.weaviateUrl() == null ? "shared Lucene directory (KH_CLUSTER_INDEX_DIR)" : "Weaviate " + setup.weaviateUrl());
        System.out.printf("docs: %s (%d files); embeddings of the indexers: %s%n", docs, files,
                setup.inferenceViaApi() ? "through the api's t2v-transformers endpoints (TRANSFORMERS_INFERENCE_API)" : "in each indexer process");

        List<Map<String, Object>> crawlRuns = new ArrayList<>();
        if (!crawlerCounts.isEmpty()) {
            CrawlPhase crawl = new CrawlPhase(setup, sites, sources, warmup);
            crawl.printPlan();
            for (int round = 1; round <= rounds; round++) {
                for (int n : order(crawlerCounts, round)) {
                    crawlRuns.add(crawl.run(n, round));
                }
            }
            report.put("crawl_runs", crawlRuns);
        }
        List<Map<String, Object>> indexRuns = new ArrayList<>();
        String secondWriter = null;
        if (!indexerCounts.isEmpty()) {
            IndexPhase index = new IndexPhase(setup, sites, docs, indexPages, indexSources);
            index.prepare();
            List<Integer> counts = indexerCounts;
            if (setup.weaviateUrl() == null && indexerCounts.stream().anyMatch(m -> m > 1)) {
                counts = indexerCounts.stream().filter(m -> m == 1).toList();
                System.out.println("  the shared Lucene index has one writer, the one indexer: runs with 2 or more indexers need "
                        + "WEAVIATE_URL and are left out");
                report.put("indexer_counts_left_out", indexerCounts.stream().filter(m -> m > 1).toList());
            }
            for (int round = 1; round <= rounds; round++) {
                for (int m : order(counts, round)) {
                    indexRuns.add(index.run(m, round));
                }
            }
            secondWriter = index.secondWriter();
            if (secondWriter != null) {
                report.put("second_indexer_as_documented", secondWriter);
            }
            report.put("indexing_runs", indexRuns);
        }
        printResults(crawlRuns, indexRuns, secondWriter);
        Files.createDirectories(out);
        Path json = out.resolve("cluster-benchmark.json");
        JSON.writeValue(json.toFile(), report);
        System.out.println("figures: " + json);
    }

    private void printResults(List<Map<String, Object>> crawlRuns, List<Map<String, Object>> indexRuns, String secondWriter) {
        System.out.printf("%n== results (%d cores; %d round%s, the order of the runs alternating) ==%n",
                Runtime.getRuntime().availableProcessors(), rounds, rounds == 1 ? "" : "s");
        for (String pass : warmup ? List.of("warm", "cold") : List.of("cold")) {
            for (Map<String, Object> r : crawlRuns) {
                Map<?, ?> p = (Map<?, ?>) r.get(pass);
                System.out.printf("crawl    %d crawler%s, %s JVMs : %6d pages in %7.2f s = %7.1f pages/s   (round %d%s)%n", r.get("crawlers"),
                        (int) r.get("crawlers") == 1 ? " " : "s", pass, p.get("pages"), p.get("seconds"), p.get("pages_per_second"),
                        r.get("round"), CpuSnapshot.disturbed(p));
            }
            summarize(crawlRuns, "crawlers", r -> (double) ((Map<?, ?>) r.get(pass)).get("pages_per_second"),
                    "crawl    %d crawler%s, " + pass + " JVMs", "crawl ratio %d/%d crawlers, " + pass + " JVMs", "pages/s",
                    "crawl_pages_per_second_" + pass);
        }
        for (Map<String, Object> r : indexRuns) {
            System.out.printf("indexing %d indexer%s : %6d chunks in %7.2f s = %7.1f chunks/s   (round %d%s)%n", r.get("indexers"),
                    (int) r.get("indexers") == 1 ? " " : "s", r.get("chunks"), r.get("seconds"), r.get("chunks_per_second"), r.get("round"),
                    CpuSnapshot.disturbed(r));
        }
        summarize(indexRuns, "indexers", r -> (double) r.get("chunks_per_second"), "indexing %d indexer%s",
                "indexing ratio %d/%d indexers", "chunks/s", "indexing_chunks_per_second");
        indexRuns.stream().map(r -> (String) r.get("mode")).distinct()
                .forEach(m -> System.out.println("indexing mode: " + m));
        if (secondWriter != null) {
            System.out.println("note: " + secondWriter);
        }
    }

    /**
     * Prints and records, per process count, the median and the best rate over the rounds, and the ratios of both. On a
     * shared machine other work only ever slows a run down, so the best is the less disturbed figure; the runs whose
     * window other processes took CPU from are flagged where they are printed.
     */
    private void summarize(List<Map<String, Object>> runs, String countKey, ToDoubleFunction<Map<String, Object>> rate,
                           String label, String ratioLabel, String unit, String jsonKey) {
        Map<Integer, Double> medians = perCount(runs, countKey, rate, false);
        Map<Integer, Double> best = perCount(runs, countKey, rate, true);
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
    private static Map<Integer, Double> perCount(List<Map<String, Object>> runs, String countKey,
                                                 ToDoubleFunction<Map<String, Object>> rate, boolean best) {
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
    private static double ratio(Map<Integer, Double> perCount) {
        return round(perCount.get(last(perCount)) / perCount.get(first(perCount)));
    }

    /** Figures in the report and the printed lines carry two decimals. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private void checkPrerequisites() {
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: the benchmark crawls the PostgreSQL manual; install it "
                    + "(apt-get install postgresql-doc-15) or pass --docs DIR");
        }
        setup.check();
        if (indexSources < 1 || sources < 1 || indexPages < 1) {
            throw new IllegalArgumentException("--sources, --index-sources and --index-pages must be at least 1");
        }
    }

    private void prepareWorkDir() throws IOException {
        Files.createDirectories(setup.work());
        // a clean state: every run's directory (logs, index) and the database go; only the scratch directories stay
        try (Stream<Path> children = Files.list(setup.work())) {
            for (Path p : children.toList()) {
                if (!p.getFileName().toString().equals("scratch") && Files.isDirectory(p)) {
                    Args.deleteTree(p);
                }
            }
        }
    }

    /** The machine, the servers and the options of this run, as the report's "machine" entry. */
    private Map<String, Object> machine(long files) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            m.put("load_average_at_start", load[0] + " " + load[1] + " " + load[2]);
        } catch (IOException e) {
            m.put("load_average_at_start", "?");
        }
        m.put("java", "Java " + Runtime.version() + " (" + AppProcess.javaCommand() + ")");
        m.putAll(BenchCluster.postgresFacts());
        try {
            Process p = new ProcessBuilder(setup.redisServer().toString(), "--version").redirectErrorStream(true).start();
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
        m.put("crawl_workers_per_crawler", setup.crawlWorkers() == null ? "2 (default)" : setup.crawlWorkers());
        m.put("indexer_embeddings", setup.inferenceViaApi() ? "api (TRANSFORMERS_INFERENCE_API)" : "in process");
        m.put("search_index", setup.weaviateUrl() == null ? "shared Lucene directory" : "Weaviate " + setup.weaviateUrl());
        return m;
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
}
