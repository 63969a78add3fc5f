package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.testkit.AppProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged standalone app ({@code api/target/quarkus-app/quarkus-run.jar}) started as a child process on a
 * free loopback port with a throw-away data directory, driven over its REST API like a user would.
 */
final class StandaloneApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppProcess process;
    private final Path dataDir;
    private final boolean keepData;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String apiKey;

    private StandaloneApp(AppProcess process, Path dataDir, boolean keepData) {
        this.process = process;
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.base = process.uri("");
    }

    static StandaloneApp start(Path jar, List<String> jvmArgs) throws Exception {
        return start(jar, jvmArgs, null, Map.of());
    }

    /**
     * @param dataDir a data directory to use and keep (null: a temporary one, deleted on close)
     * @param env     extra environment variables for the app (its settings)
     */
    static StandaloneApp start(Path jar, List<String> jvmArgs, Path dataDir, Map<String, String> env) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " does not exist: build the app first (./mvnw -DskipTests package)");
        }
        Path data = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("kh-bench-data");
        AppProcess process = AppProcess.builder(jar).name("the app").port(AppProcess.freePort()).log(data.resolve("app.log"))
                .javaOptions(jvmArgs)
                .env("KH_DATA_DIR", data.toString())
                .env("API_HOST", "127.0.0.1")
                // benchmarks crawl fixture sites on 127.0.0.1 and send many requests from one address: open exactly that
                // network to the crawler and turn the per-client rate limits off (callers can override each)
                .env("KH_CRAWLER_ALLOWED_NETWORKS", "127.0.0.1/32")
                .env("API_RATE_LIMIT", "0")
                .env("SEARCH_RATE_LIMIT", "0")
                .env(env)
                .startHealthy(Duration.ofSeconds(90));
        return new StandaloneApp(process, data, dataDir != null);
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    URI base() {
        return base;
    }

    /** Sends {@code key} as X-API-Key on every later request of this helper (for an app with authentication on). */
    StandaloneApp useApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build(), 200);
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest req = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return send(req, expected);
    }

    /** The status of a GET (for checks that expect a 404, say), without failing on it. */
    int statusOf(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode delete(String path, int expected) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) {
            throw new IllegalStateException("DELETE " + path + " answered " + resp.statusCode() + ": " + resp.body());
        }
        return resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
    }

    /** {@code kill -9}: the app gets no chance to flush, commit or close anything. The data directory is kept. */
    void kill() throws InterruptedException {
        process.kill();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        return apiKey == null ? b : b.header("X-API-Key", apiKey);
    }

    /** Jobs pending or running now. */
    long busyJobs() throws IOException, InterruptedException {
        return get("/api/v1/jobs?status=pending&limit=1").path("total").asLong()
                + get("/api/v1/jobs?status=running&limit=1").path("total").asLong();
    }

    /** Waits until no crawl or indexing job is pending or running. */
    void awaitIdle(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (busyJobs() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("jobs still running after " + timeout);
    }

    /** Polls a job every 50 ms until it is completed, failed or cancelled. */
    JsonNode awaitJob(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/api/v1/jobs/" + jobId);
            String status = job.path("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("job " + jobId + " did not finish within " + timeout);
    }

    private JsonNode send(HttpRequest req, int expected) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) {
            throw new IllegalStateException(req.method() + " " + req.uri() + " answered " + resp.statusCode() + ": " + resp.body());
        }
        return JSON.readTree(resp.body());
    }

    @Override
    public void close() throws Exception {
        process.close();
        if (keepData) {
            return;
        }
        Args.deleteTree(dataDir);
    }
}
