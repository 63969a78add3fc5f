package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./kh backup} and {@code ./kh restore} on the packaged standalone app, as a user runs them: a backup taken
 * while a crawl of the source runs, then the installation changed (the source removed, another added), stopped and
 * restored; the restored app must hold exactly what it held at the backup: the same sources, documents, chunks, index
 * counts and search results (scores included), with nothing for the start-up reconcile to repair.
 */
class BackupRestoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> JVM = List.of("-Xmx600m", "--add-modules", "jdk.incubator.vector");
    private static final List<Map<String, Object>> SEARCHES = List.of(
            Map.of("query", "lantern calibration", "search_type", "keyword"),
            Map.of("query", "how do I calibrate the lantern before a night survey", "search_type", "semantic"),
            Map.of("query", "compass drift", "search_type", "hybrid"),
            Map.of("query", "\"tide tables\"", "search_type", "hybrid", "raw_chunks", true));

    @Test
    void a_backup_taken_during_a_crawl_restores_exactly_that_state(@TempDir Path work) throws Exception {
        Path jar = Path.of(System.getProperty("kh.it.standalone-jar", "../api/target/quarkus-app/quarkus-run.jar"));
        Path data = work.resolve("data");
        Path backups = work.resolve("backups");
        Path kept = site(work.resolve("kept"), "Field guide", 8);
        Path other = site(work.resolve("other"), "Harbour notes", 3);
        JsonNode atBackup;
        try (FixtureSiteServer keptSite = FixtureSiteServer.serve(kept); FixtureSiteServer otherSite = FixtureSiteServer.serve(other)) {
            try (StandaloneApp app = StandaloneApp.start(jar, JVM, data, Map.of())) {
                // a quick first crawl; refreshes wait 0.6 s between pages, so the one below runs for seconds
                String source = app.post("/api/v1/sources", Map.of("name", "Field guide", "base_url",
                        keptSite.uri("/docs/index.html").toString(), "config", Map.of("crawl_delay", 0, "incremental_delay", 0.6)),
                        201).path("id").asText();
                app.awaitIdle(Duration.ofSeconds(60));
                atBackup = state(app);
                assertThat(atBackup.path("documents")).hasSize(9);
                assertThat(atBackup.path("index").path("consistent").asBoolean()).isTrue();

                String refresh = app.post("/api/v1/sources/" + source + "/refresh", Map.of(), 200).path("job_id").asText();
                awaitRunning(app, refresh);
                Run backup = kh(Map.of("KH_API_URL", app.base().toString()), "backup", backups.toString());
                assertThat(backup.status()).as(backup.output()).isZero();
                assertThat(backup.output()).contains("Backup saved: ").contains("1 sources, 9 documents (9 indexed");
                assertThat(app.get("/api/v1/jobs/" + refresh).path("status").asText()).as("the crawl ran during the backup")
                        .isEqualTo("running");
                app.awaitIdle(Duration.ofSeconds(60));
                // the refresh found nothing new: what the backup holds is still what was read before it
                assertThat(state(app)).isEqualTo(atBackup);

                // things change after the backup: the source goes, another comes
                app.delete("/api/v1/sources/" + source, 204);
                app.post("/api/v1/sources", Map.of("name", "Harbour notes", "base_url", otherSite.uri("/docs/index.html").toString(),
                        "config", Map.of("crawl_delay", 0)), 201);
                app.awaitIdle(Duration.ofSeconds(60));
                assertThat(state(app).path("sources")).extracting(s -> s.path("name").asText()).containsExactly("Harbour notes");

                Run refused = kh(Map.of("KH_DATA_DIR", data.toString()), "restore", backups.toString());
                assertThat(refused.status()).as(refused.output()).isEqualTo(1);
                assertThat(refused.output()).contains("KnowledgeHub is running on").contains("nothing was changed");
                assertThat(asideFolders(data)).isEmpty();
            }

            Run restore = kh(Map.of("KH_DATA_DIR", data.toString()), "restore", backups.toString());
            assertThat(restore.status()).as(restore.output()).isZero();
            assertThat(restore.output()).contains("Restored ").contains("1 sources, 9 documents").contains("kept in ");
            List<Path> aside = asideFolders(data);
            assertThat(aside).hasSize(1);
            assertThat(aside.get(0).resolve("db")).isDirectory();
            assertThat(aside.get(0).resolve("index")).isDirectory();

            try (StandaloneApp app = StandaloneApp.start(jar, JVM, data, Map.of())) {
                assertThat(state(app)).isEqualTo(atBackup);
                // the crawl that ran at the backup is picked up again and, the site unchanged, changes nothing
                app.awaitIdle(Duration.ofSeconds(60));
                assertThat(state(app)).isEqualTo(atBackup);
                assertThat(Files.readString(data.resolve("app.log"))).doesNotContain("Index reconciled with the database");
            }
        }
    }

    /** What a user sees of the installation, less what moves with time alone (job status, crawl times). */
    private static JsonNode state(StandaloneApp app) throws Exception {
        ObjectNode state = JSON.createObjectNode();
        for (JsonNode s : app.get("/api/v1/sources?limit=1000").path("sources")) {
            ObjectNode source = ((ObjectNode) s.deepCopy()).retain("id", "name", "base_url", "config", "status", "created_at");
            source.set("documents", s.path("stats").path("documents"));
            source.set("chunks", s.path("stats").path("chunks"));
            state.withArray("sources").add(source);
        }
        for (JsonNode d : app.get("/api/v1/documents/?limit=1000").path("documents")) {
            ObjectNode doc = (ObjectNode) d.deepCopy();
            doc.set("chunks", app.get("/api/v1/documents/" + d.path("id").asText() + "/chunks").path("chunks"));
            state.withArray("documents").add(doc);
        }
        state.set("index", app.get("/api/v1/index"));
        for (Map<String, Object> search : SEARCHES) {
            Map<String, Object> body = new LinkedHashMap<>(search);
            body.put("limit", 20);
            state.withArray("searches").add(app.post("/api/v1/search", body, 200).path("results"));
        }
        return state;
    }

    private static void awaitRunning(StandaloneApp app, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!app.get("/api/v1/jobs/" + jobId).path("status").asText().equals("running")) {
            assertThat(System.nanoTime()).as("the refresh did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private record Run(int status, String output) {
    }

    /** {@code ./kh COMMAND ARGS} from the repository root, as a user runs it. */
    private static Run kh(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("kh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static List<Path> asideFolders(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().startsWith("before-restore-")).toList();
        }
    }

    /** A small docs site: an index page and {@code pages} pages with words the searches above find. */
    private static Path site(Path root, String title, int pages) throws IOException {
        String[] topics = {"lantern calibration", "compass drift", "tide tables", "night survey", "anchor chain", "signal flags",
                "chart corrections", "fog horn", "depth soundings", "rope splicing"};
        Files.createDirectories(root.resolve("docs"));
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= pages; i++) {
            String topic = topics[(i - 1) % topics.length];
            links.append("<li><a href=\"p").append(i).append(".html\">").append(topic).append("</a></li>");
            String body = "<h2>" + topic + "</h2><p>This page of the " + title.toLowerCase() + " explains " + topic
                    + " in practice: calibrate the instruments, read the tide tables, and note the compass drift before a "
                    + "night survey. Step " + i + " covers " + topic + " for beginners.</p><h2>Checklist " + i + "</h2><p>"
                    + "Write down every reading of the " + topic + " and compare it with yesterday's log.</p>";
            Files.writeString(root.resolve("docs/p" + i + ".html"), html(topic, body));
        }
        Files.writeString(root.resolve("docs/index.html"), html(title, "<p>Start here.</p><ul>" + links + "</ul>"));
        Files.writeString(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return root;
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><main><h1>" + title + "</h1>" + body
                + "</main></body></html>";
    }
}
