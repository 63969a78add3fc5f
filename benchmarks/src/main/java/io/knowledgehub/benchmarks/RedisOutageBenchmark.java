package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Search availability through a Redis outage in cluster mode: a real PostgreSQL (embedded binaries) and redis-server,
 * the packaged cluster api, crawler and indexer as separate processes on a shared Lucene index, a small docs site on
 * loopback, indexed first. Then {@code --clients} clients search the api back to back (a mix of repeated and new
 * queries, so both cached and uncached answers are asked for) for {@code --before-seconds}, through an outage of
 * {@code --outage-seconds} (redis-server stopped, then started again, empty, on the same port) and for
 * {@code --after-seconds}. A source is created in the middle of the outage. Prints, per phase, the searches answered
 * 2xx out of all and their latency, what the source creation answered, and how long after Redis came back its crawl
 * completed. The figure is availability = answered 2xx / sent. The cluster is a {@link BenchCluster}, as in
 * {@link ClusterBenchmark}.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.RedisOutageBenchmark
 *      [--outage-seconds 30] [--before-seconds 10] [--after-seconds 10] [--clients 4] [--pages 20]
 *      [--work benchmarks/target/redis-outage-bench]</pre>
 * ({@code ./kh bench-redis-outage}). Needs {@code ./mvnw install} first (the packaged cluster apps) and a
 * {@code redis-server} binary (Debian's package, or {@code --redis-server PATH}).
 */
public final class RedisOutageBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> WORDS = List.of("configuration", "server", "platypus", "index", "section", "guide",
            "body", "number", "page", "start");

    private final Path work;
    private final BenchCluster.Setup setup;
    private final Duration before;
    private final Duration outage;
    private final Duration after;
    private final int clients;
    private final int pages;

    private RedisOutageBenchmark(String[] args) {
        work = Path.of(Args.arg(args, "--work", "benchmarks/target/redis-outage-bench")).toAbsolutePath();
        setup = new BenchCluster.Setup(work, Long.toString(System.currentTimeMillis() / 1000, 36), BenchCluster.API_JAR.toAbsolutePath(),
                BenchCluster.CRAWLER_JAR.toAbsolutePath(), BenchCluster.INDEXER_JAR.toAbsolutePath(),
                Path.of(Args.arg(args, "--redis-server", "/usr/bin/redis-server")), null, null, true, Duration.ofMinutes(5));
        before = Duration.ofSeconds(Long.parseLong(Args.arg(args, "--before-seconds", "10")));
        outage = Duration.ofSeconds(Long.parseLong(Args.arg(args, "--outage-seconds", "30")));
        after = Duration.ofSeconds(Long.parseLong(Args.arg(args, "--after-seconds", "10")));
        clients = Integer.parseInt(Args.arg(args, "--clients", "4"));
        pages = Integer.parseInt(Args.arg(args, "--pages", "20"));
    }

    public static void main(String[] args) throws Exception {
        BenchCluster.stopOnExit("redis-outage-benchmark-cleanup");
        new RedisOutageBenchmark(args).run();
    }

    private void run() throws Exception {
        setup.check();
        Args.deleteTree(work);
        Files.createDirectories(work);
        BenchCluster.startPostgres(work);
        try (FixtureSiteServer site = FixtureSiteServer.serve(docsSite(work.resolve("site"), pages, "platypus"));
             FixtureSiteServer later = FixtureSiteServer.serve(docsSite(work.resolve("site-2"), 3, "echidna"));
             BenchCluster cluster = new BenchCluster(setup, "cluster")) {
            cluster.startApi();
            cluster.startCrawler(1);
            cluster.startIndexer(1);
            URI api = cluster.apiUri();

            Answer created = send(api, "POST", "/api/v1/sources", Map.of("name", "Docs", "base_url",
                    site.uri("docs/index.html").toString(), "config", Map.of("max_depth", 2, "crawl_delay", 0)));
            String sourceId = created.body().get("id").asText();
            await(api, "/api/v1/jobs/" + created.body().get("job_id").asText(), j -> j.path("status").asText().equals("completed"),
                    Duration.ofMinutes(3));
            await(api, "/api/v1/jobs?source_id=" + sourceId + "&type=rag", j -> j.path("jobs").size() > 0
                    && j.path("jobs").findValuesAsText("status").stream().allMatch(s -> s.equals("completed")), Duration.ofMinutes(5));
            for (int i = 0; i < 20; i++) { // warm-up: the first searches of a JVM are slow
                send(api, "POST", "/api/v1/search", Map.of("query", "platypus " + i, "search_type", "keyword"));
            }

            System.out.printf("== search availability during a Redis outage (cluster mode) ==%n%d clients searching back to back; "
                            + "%d s before, %d s Redis stopped, %d s after it came back (empty, same port); %d cores, load %s%n",
                    clients, before.toSeconds(), outage.toSeconds(), after.toSeconds(), Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            Phase phase = new Phase();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.add(Thread.ofPlatform().name("client-" + c).start(() -> searchLoop(api, client, phase, samples)));
            }
            Thread.sleep(before.toMillis());
            cluster.stopRedis();
            long down = System.nanoTime();
            phase.set("outage");
            Thread.sleep(outage.toMillis() / 2);
            Answer during = send(api, "POST", "/api/v1/sources", Map.of("name", "Added during the outage", "base_url",
                    later.uri("docs/index.html").toString(), "config", Map.of("max_depth", 2, "crawl_delay", 0)));
            Thread.sleep(Math.max(0, outage.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down)));
            cluster.restartRedis();
            long up = System.nanoTime();
            phase.set("after");
            Thread.sleep(after.toMillis());
            phase.set("done");
            for (Thread t : threads) {
                t.join(30_000);
            }

            Map<String, Object> report = new LinkedHashMap<>();
            for (String p : List.of("before", "outage", "after")) {
                List<Sample> in = samples.stream().filter(s -> s.phase.equals(p)).toList();
                long ok = in.stream().filter(s -> s.status / 100 == 2).count();
                List<Long> ms = in.stream().map(s -> s.micros / 1000).sorted().toList();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("searches", in.size());
                r.put("answered_2xx", ok);
                r.put("availability_percent", in.isEmpty() ? 0 : Math.round(1000.0 * ok / in.size()) / 10.0);
                r.put("p50_ms", percentile(ms, 0.5));
                r.put("p99_ms", percentile(ms, 0.99));
                r.put("other_answers", in.stream().filter(s -> s.status / 100 != 2).map(s -> s.status == 0 ? "no answer" : "" + s.status)
                        .distinct().toList());
                report.put(p, r);
                System.out.printf("%-7s %6d searches, %6d answered 2xx = %5.1f %%   p50 %4d ms  p99 %5d ms%s%n", p, in.size(), ok,
                        (double) r.get("availability_percent"), percentile(ms, 0.5), percentile(ms, 0.99),
                        ok == in.size() ? "" : "   other answers: " + r.get("other_answers"));
            }
            report.put("source_created_during_outage", during.status() + " " + (during.body() == null ? "" : during.body().path("status").asText()));
            System.out.printf("POST /api/v1/sources during the outage: %d%s%n", during.status(),
                    during.status() == 201 ? " (stored with its crawl job, queued once Redis answered)" : " " + during.text());
            if (during.status() == 201) {
                await(api, "/api/v1/jobs/" + during.body().get("job_id").asText(), j -> j.path("status").asText().equals("completed"),
                        Duration.ofMinutes(3));
                double s = (System.nanoTime() - up) / 1e9;
                report.put("its_crawl_completed_seconds_after_redis_returned", Math.round(s * 10) / 10.0);
                System.out.printf("its crawl completed %.1f s after Redis came back%n", s);
            }
            Path json = work.resolve("redis-outage-benchmark.json");
            JSON.writeValue(json.toFile(), report);
            System.out.println("figures: " + json + "; process logs: " + cluster.dir());
        } finally {
            BenchCluster.stopEverything();
        }
    }

    private static final class Phase {
        private volatile String name = "before";

        void set(String n) {
            name = n;
        }

        String get() {
            return name;
        }
    }

    private record Sample(String phase, int status, long micros) {
    }

    private static void searchLoop(URI api, int client, Phase phase, List<Sample> samples) {
        int i = 0;
        while (true) {
            String p = phase.get();
            if (p.equals("done")) {
                return;
            }
            // one query in three is new: not every answer can come from the cache
            String query = WORDS.get((client + i) % WORDS.size()) + (i % 3 == 0 ? " " + client + "x" + i : "");
            i++;
            long t0 = System.nanoTime();
            int status;
            try {
                status = send(api, "POST", "/api/v1/search", Map.of("query", query, "search_type", "keyword")).status();
            } catch (Exception e) {
                status = 0;
            }
            samples.add(new Sample(p, status, (System.nanoTime() - t0) / 1000));
        }
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private record Answer(int status, JsonNode body, String text) {
    }

    private static Answer send(URI api, String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", BenchCluster.ADMIN_KEY);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = null;
        try {
            node = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
            // left null
        }
        return new Answer(r.statusCode(), node, r.body());
    }

    private static JsonNode await(URI api, String path, Predicate<JsonNode> done, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = send(api, "GET", path, null);
            if (last.status() == 200 && last.body() != null && done.test(last.body())) {
                return last.body();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out waiting on " + path + ": " + (last == null ? "no answer" : last.status() + " " + last.text()));
    }

    /** /docs/index.html linking page-1..page-n. */
    private static Path docsSite(Path root, int n, String word) throws IOException {
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            links.append("<li><a href=\"page-").append(i).append(".html\">Page ").append(i).append("</a></li>");
            write(root.resolve("docs/page-" + i + ".html"), page("Page " + i, "<h2>Section " + i + "</h2><p>Body text number " + i
                    + " about the configuration of the " + word + " server, its index and its guide.</p>"));
        }
        write(root.resolve("docs/index.html"), page("Guide", "<p>Start here.</p><ul>" + links + "</ul>"));
        write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return root;
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><main><h1>" + title + "</h1>" + body
                + "</main></body></html>";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
