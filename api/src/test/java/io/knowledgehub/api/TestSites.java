package io.knowledgehub.api;

import io.knowledgehub.testkit.FixtureSiteServer;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Small documentation sites written to a temp folder and served on loopback, plus API helpers for the tests. */
public final class TestSites {

    private TestSites() {
    }

    /** A docs site: /docs/index.html links to page-1..page-n, each page has a heading and text. */
    public static FixtureSiteServer docsSite(int pages) {
        try {
            Path root = Files.createTempDirectory("kh-site");
            Files.createDirectories(root.resolve("docs"));
            StringBuilder links = new StringBuilder();
            for (int i = 1; i <= pages; i++) {
                links.append("<li><a href=\"page-").append(i).append(".html\">Page ").append(i).append("</a></li>");
                write(root.resolve("docs/page-" + i + ".html"), page("Page " + i,
                        "<h2 id=\"s" + i + "\">Section " + i + "</h2><p>Body text number " + i + " about configuration.</p>"
                                + "<p><a href=\"index.html\">Back</a></p>"));
            }
            write(root.resolve("docs/index.html"), page("Guide", "<p>Start here.</p><ul>" + links + "</ul>"));
            write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
            return FixtureSiteServer.serve(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>"
                + "<nav><a href=\"/docs/index.html\">Home</a></nav><main><h1>" + title + "</h1>" + body + "</main>"
                + "<footer>Footer text</footer></body></html>";
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    public static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a source and returns the 201 response. */
    public static Response createSource(String name, String baseUrl, Map<String, Object> config) {
        return given().contentType("application/json")
                .body(Map.of("name", name, "base_url", baseUrl, "source_type", "web", "config", config))
                .post("/api/v1/sources");
    }

    /** Waits until the source has no pending or running job (its crawl and the indexing that follows). */
    public static void awaitIdle(String sourceId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!busy(sourceId)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("jobs of source " + sourceId + " still running after " + timeout);
    }

    /** Whether the source has a pending or running job. */
    public static boolean busy(String sourceId) {
        return given().get("/api/v1/jobs?source_id=" + sourceId + "&status=pending").<Integer>path("total")
                + given().get("/api/v1/jobs?source_id=" + sourceId + "&status=running").<Integer>path("total") > 0;
    }

    /** Polls the job until it reaches a final status and returns it. */
    public static Response awaitJob(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response job = given().get("/api/v1/jobs/" + jobId);
            String status = job.path("status");
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")
                    || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(50);
        }
    }

    /** Asks for a refresh of the source, waits for its crawl and returns the completed job. */
    public static io.restassured.path.json.JsonPath refresh(String sourceId, Duration timeout) throws InterruptedException {
        String job = given().contentType("application/json").body("{}").post("/api/v1/sources/" + sourceId + "/refresh")
                .then().statusCode(200).extract().path("job_id");
        Response done = awaitJob(job, timeout);
        org.assertj.core.api.Assertions.assertThat(done.<String>path("status")).as(done.asString()).isEqualTo("completed");
        return done.jsonPath();
    }

    /** The stored text of each of the source's documents (at most 10). */
    public static java.util.List<String> contents(String sourceId) {
        java.util.List<String> ids = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10").then().statusCode(200)
                .extract().path("documents.id");
        return ids.stream().map(id -> given().get("/api/v1/documents/" + id).then().statusCode(200)
                .extract().<String>path("content")).toList();
    }
}
