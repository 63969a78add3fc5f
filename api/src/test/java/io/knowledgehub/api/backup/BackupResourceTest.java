package io.knowledgehub.api.backup;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups of the real app (file database, Lucene index) taken back to back while a crawl stores pages, its indexing
 * writes batches and a source is removed. Each backup is unpacked and its two halves compared the way the start-up
 * reconcile compares them: a restored backup must give the reconcile nothing to repair.
 */
@QuarkusTest
@TestProfile(FileDatabase.class)
class BackupResourceTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<FixtureSiteServer> SITES = new ArrayList<>();

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void stopSites() {
        SITES.forEach(FixtureSiteServer::close);
    }

    @Test
    void backups_taken_while_crawls_indexing_and_removals_run_are_complete_and_agree_with_themselves(@TempDir Path tmp)
            throws Exception {
        String doomed = source(6, 0);
        TestSites.awaitIdle(doomed, Duration.ofSeconds(60));
        String growing = source(24, 0.15);

        int taken = 0;
        int midway = 0;
        boolean removed = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (busy(growing) && System.nanoTime() < deadline) {
            Snapshot s = backup(tmp.resolve("b" + taken));
            taken++;
            if (s.pending > 0 && s.indexed > 0) {
                midway++;
            }
            if (taken == 2) {
                // a source removal (database first, then the index) between backups
                given().delete("/api/v1/sources/" + doomed).then().statusCode(204);
                removed = true;
            }
        }
        assertThat(removed).as("the crawl ended before two backups were taken").isTrue();
        assertThat(midway).as("backups taken while pages waited for indexing and others were indexed").isPositive();

        TestSites.awaitIdle(growing, Duration.ofSeconds(90));
        Snapshot last = backup(tmp.resolve("last"));
        assertThat(last.manifest.database().sources()).isEqualTo(given().get("/api/v1/sources").<Integer>path("total").longValue());
        assertThat(last.manifest.database().documents()).isEqualTo(25);
        assertThat(last.manifest.database().pendingDocuments()).isZero();
        assertThat(last.indexed).isEqualTo(25);
        var info = given().get("/api/v1/index").jsonPath();
        assertThat(last.manifest.database().chunks()).isEqualTo(info.getLong("database.chunks"));
        assertThat(last.manifest.index().chunks()).isEqualTo(info.getLong("index.chunks")).isEqualTo(info.getLong("chunks"));
        assertThat(last.manifest.index().model()).isEqualTo(info.getString("model"));
        assertThat(last.manifest.index().dimensions()).isEqualTo(info.getInt("dimensions"));
        // the database copy under the data directory is gone once the backup was sent
        try (var left = Files.list(FileDatabase.DATA.resolve("backup-tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void a_download_given_up_half_way_does_not_hold_back_the_next_backup(@TempDir Path tmp) throws Exception {
        HttpResponse<InputStream> abandoned = HTTP.send(request(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(abandoned.statusCode()).isEqualTo(200);
        try (InputStream in = abandoned.body()) {
            assertThat(in.readNBytes(100)).hasSize(100);
        }
        // one backup at a time: the next one is refused only until the first has let go
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        Path next = tmp.resolve("next.zip");
        do {
            HttpResponse<InputStream> r = HTTP.send(request(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            try (InputStream in = r.body()) {
                if (status == 200) {
                    Files.copy(in, next);
                } else {
                    assertThat(status).isEqualTo(409);
                    Thread.sleep(200);
                }
            }
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
        assertThat(BackupArchive.verify(next).format()).isEqualTo(BackupArchive.FORMAT);
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(base.resolve("/api/v1/backup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** What one backup held, after checking it. */
    private record Snapshot(BackupManifest manifest, long indexed, long pending) {
    }

    private Snapshot backup(Path dir) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(request(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).matches("attachment; filename=\"knowledgehub-backup-\\d{8}-\\d{6}\\.zip\"");
        Files.createDirectories(dir);
        Path zip = dir.resolve("backup.zip");
        try (InputStream in = r.body()) {
            Files.copy(in, zip);
        }
        Path unpacked = dir.resolve("data");
        BackupManifest manifest = BackupArchive.extract(zip, unpacked);
        assertThat(manifest.format()).isEqualTo("knowledgehub-backup");

        // the database copy: what it expects the index to hold, per document
        Map<UUID, String> status = new HashMap<>();
        Map<UUID, Set<String>> stored = new HashMap<>();
        long sources;
        long chunks;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + unpacked.resolve("db/knowledgehub") + ";ACCESS_MODE_DATA=r", "kh", "kh");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id, index_status from documents")) {
                while (rs.next()) {
                    status.put(UUID.fromString(rs.getString(1)), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("select document_id, id from document_chunks")) {
                while (rs.next()) {
                    stored.computeIfAbsent(UUID.fromString(rs.getString(1)), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
            sources = single(s, "select count(*) from knowledge_sources");
            chunks = single(s, "select count(*) from document_chunks");
        }
        // the index copy: what it holds
        Map<UUID, Set<String>> held;
        long entries;
        try (LuceneSearchIndex index = new LuceneSearchIndex(unpacked.resolve("index"))) {
            held = index.chunkIdsByDocument().orElseThrow();
            entries = index.chunkCount();
        }
        long indexed = status.values().stream().filter("indexed"::equals).count();
        long pending = status.values().stream().filter("pending"::equals).count();
        assertThat(manifest.database().sources()).isEqualTo(sources);
        assertThat(manifest.database().documents()).isEqualTo(status.size());
        assertThat(manifest.database().indexedDocuments()).isEqualTo(indexed);
        assertThat(manifest.database().pendingDocuments()).isEqualTo(pending);
        assertThat(manifest.database().chunks()).isEqualTo(chunks);
        assertThat(manifest.index().chunks()).isEqualTo(entries);

        // nothing for a reconcile to repair: no entries of missing documents, indexed documents exactly as stored
        assertThat(status.keySet()).as("documents the index holds entries of").containsAll(held.keySet());
        status.forEach((doc, st) -> {
            if (st.equals("indexed")) {
                assertThat(held.getOrDefault(doc, Set.of())).as("entries of indexed document " + doc)
                        .isEqualTo(stored.getOrDefault(doc, Set.of()));
            }
        });
        return new Snapshot(manifest, indexed, pending);
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String source(int pages, double delay) {
        FixtureSiteServer site = TestSites.docsSite(pages);
        SITES.add(site);
        return createSource(uniqueName("Backup"), site.uri("/docs/index.html").toString(), Map.of("crawl_delay", delay))
                .then().statusCode(201).extract().path("id");
    }

    private static boolean busy(String sourceId) {
        return given().get("/api/v1/jobs?source_id=" + sourceId + "&status=pending").<Integer>path("total")
                + given().get("/api/v1/jobs?source_id=" + sourceId + "&status=running").<Integer>path("total") > 0;
    }
}
