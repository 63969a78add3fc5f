package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first page a crawl without a delay stores is searchable while the crawl goes on: the crawl stores it at once
 * (not with the first full batch or progress report) and asks for indexing; beside the busy crawl the indexing job
 * steps aside after its small first batch, and the indexing the crawl asks for at its end does the rest.
 */
@QuarkusTest
class FirstResultDuringCrawlTest {

    private static final int STEPS = 8;
    private static FixtureSiteServer site;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void the_first_page_is_stored_at_once_and_found_before_the_crawl_ends_and_the_rest_is_indexed_after_it() throws Exception {
        Path root = Files.createTempDirectory("kh-first-result-site");
        // three pages that answer at once, and a chain of slow ones: the crawl goes on, one page at a time, after the
        // first four
        write(root.resolve("docs/index.html"), page("Handbook", "<p>The quillfenmarrow setting starts here.</p>"
                + "<a href=\"a.html\">A</a><a href=\"b.html\">B</a><a href=\"c.html\">C</a><a href=\"step-1.html\">Next</a>"));
        for (String quick : List.of("a", "b", "c")) {
            write(root.resolve("docs/" + quick + ".html"), page("Part " + quick, "<p>About part " + quick + ".</p>"));
        }
        site = FixtureSiteServer.serve(root);
        // the first step answers once the test has found the first page (however long the indexing took on this
        // machine), so the crawl is still running then, and when the first indexing job asks whether to go on
        CountDownLatch found = new CountDownLatch(1);
        for (int i = 1; i <= STEPS; i++) {
            byte[] html = page("Step " + i, "<p>Step " + i + " of the setup.</p>"
                    + (i < STEPS ? "<a href=\"step-" + (i + 1) + ".html\">Next</a>" : "")).getBytes(StandardCharsets.UTF_8);
            boolean firstStep = i == 1;
            site.route("/docs/step-" + i + ".html", exchange -> {
                try {
                    if (firstStep) {
                        found.await(15, TimeUnit.SECONDS); // under the crawler's 20 s request timeout
                    }
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FixtureSiteServer.send(exchange, 200, "text/html; charset=utf-8", html);
            });
        }
        Response created = createSource(uniqueName("First result"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0, "max_depth", 10));
        String sourceId = created.then().statusCode(201).extract().path("id");
        String crawl = created.path("job_id");

        String crawlWhenFound = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (crawlWhenFound == null && System.nanoTime() < deadline) {
            List<String> hits = given().contentType("application/json")
                    .body(Map.of("query", "quillfenmarrow", "search_type", "keyword", "limit", 1,
                            "filters", Map.of("source_ids", List.of(sourceId))))
                    .post("/api/v1/search").then().statusCode(200).extract().path("results.title");
            if (!hits.isEmpty()) {
                crawlWhenFound = given().get("/api/v1/jobs/" + crawl).then().statusCode(200).extract().path("status");
                found.countDown();
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(crawlWhenFound).as("the crawl's status when its first page was found").isEqualTo("running");

        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        List<Map<String, Object>> rag = given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=100")
                .then().statusCode(200).extract().path("jobs");
        Map<String, Object> first = rag.stream().min(Comparator.comparing(j -> Instant.parse((String) j.get("created_at")))).orElseThrow();
        JsonPath firstJob = given().get("/api/v1/jobs/" + first.get("id")).then().statusCode(200).extract().jsonPath();
        // asked for as soon as the first page was stored, before any other was (stored with the first batch or
        // progress report, the quick pages fetched meanwhile would have come with it, and into the job's first batch)
        List<Instant> stored = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=100").then().statusCode(200)
                .extract().jsonPath().<String>getList("documents.created_at").stream().map(Instant::parse).sorted().toList();
        assertThat(Instant.parse(firstJob.getString("created_at"))).isAfterOrEqualTo(stored.get(0)).isBefore(stored.get(1));
        // a small first batch, then it stepped aside for the crawl
        assertThat(firstJob.getInt("result.documents_indexed")).as("the first indexing job's documents").isBetween(1, 4);
        assertThat(firstJob.getBoolean("result.rest_after_crawl")).isTrue();
        assertThat(given().get("/api/v1/sources/" + sourceId).then().statusCode(200).extract().<Integer>path("stats.documents"))
                .isEqualTo(STEPS + 4);
        for (String word : List.of("quillfenmarrow", "step " + STEPS)) {
            assertThat(given().contentType("application/json")
                    .body(Map.of("query", word, "search_type", "keyword", "limit", 1, "filters", Map.of("source_ids", List.of(sourceId))))
                    .post("/api/v1/search").then().statusCode(200).extract().<List<?>>path("results")).as(word).isNotEmpty();
        }
    }
}
