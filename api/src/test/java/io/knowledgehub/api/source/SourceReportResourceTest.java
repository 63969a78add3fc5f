package io.knowledgehub.api.source;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.awaitIdle;
import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code GET /api/v1/sources/{id}/report}: the coverage report of a source's last crawl, over a real site on
 * loopback whose links produce one reason each (a 404, a path robots.txt disallows, a link out of scope, one
 * excluded by a pattern, a page over the size limit, a tracking-parameter duplicate).
 */
@QuarkusTest
class SourceReportResourceTest {

    private static final Duration JOB = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    private Path root;
    private FixtureSiteServer site;

    @BeforeEach
    void serve() throws IOException {
        root = Files.createTempDirectory("kh-report-site");
        TestSites.write(root.resolve("robots.txt"), "User-agent: *\nDisallow: /docs/private/\n");
        TestSites.write(root.resolve("docs/index.html"), TestSites.page("Guide", """
                <p>Start here.</p><ul><li><a href="a.html">A</a></li>
                <li><a href="a.html?utm_source=newsletter">A from the newsletter</a></li>
                <li><a href="missing.html">Missing</a></li><li><a href="private/secret.html">Secret</a></li>
                <li><a href="drafts/wip.html">Draft</a></li><li><a href="/blog/post.html">Blog</a></li>
                <li><a href="big.html">Big</a></li></ul>"""));
        TestSites.write(root.resolve("docs/a.html"), TestSites.page("Page A", "<p>Alpha text about installing.</p>"));
        TestSites.write(root.resolve("docs/private/secret.html"), TestSites.page("Secret", "<p>Not for crawlers.</p>"));
        TestSites.write(root.resolve("docs/drafts/wip.html"), TestSites.page("Draft", "<p>Work in progress.</p>"));
        TestSites.write(root.resolve("blog/post.html"), TestSites.page("Post", "<p>A blog post.</p>"));
        // over the 10 MiB a page may have (kh.crawler.max-response-bytes); its Content-Length says so before the body
        TestSites.write(root.resolve("docs/big.html"), TestSites.page("Big", "<p>" + "x".repeat(10_500_000) + "</p>"));
        site = FixtureSiteServer.serve(root);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void reports_counts_and_reasons_with_sample_urls_of_the_last_crawl() throws Exception {
        Response created = createSource(uniqueName("Report"), site.uri("docs/index.html").toString(),
                Map.of("crawl_delay", 0, "exclude_patterns", List.of("**/drafts/**")));
        String id = created.path("id");
        String jobId = created.path("job_id");
        awaitJob(jobId, JOB).then().body("status", equalTo("completed"));

        Response report = given().get("/api/v1/sources/" + id + "/report");
        report.then().statusCode(200).contentType("application/json")
                .body("source_id", equalTo(id))
                .body("job.id", equalTo(jobId)).body("job.status", equalTo("completed"))
                .body("job.started_at", notNullValue()).body("job.completed_at", notNullValue())
                .body("samples_per_reason", equalTo(5))
                .body("counts", equalTo(Map.of("discovered", 5, "fetched", 4, "new", 2, "updated", 0, "unchanged", 0,
                        "deleted", 0, "skipped", 2, "failed", 1, "not_crawled", 3)));
        assertThat(report.jsonPath().<String>getList("reasons.code")).containsExactly("http_status", "robots",
                "too_large", "duplicate_of", "excluded_by_pattern", "out_of_scope");
        report.then()
                .body("reasons[0].outcome", equalTo("failed")).body("reasons[0].status", equalTo(404))
                .body("reasons[0].label", equalTo("answered HTTP 404")).body("reasons[0].count", equalTo(1))
                .body("reasons[0].samples", equalTo(List.of(sample(site.uri("docs/missing.html").toString(), null))))
                .body("reasons[1].outcome", equalTo("skipped")).body("reasons[1].label", equalTo("disallowed by robots.txt"))
                .body("reasons[1].status", nullValue())
                .body("reasons[1].samples[0].url", equalTo(site.uri("docs/private/secret.html").toString()))
                .body("reasons[2].outcome", equalTo("skipped"))
                .body("reasons[2].samples[0].url", equalTo(site.uri("docs/big.html").toString()))
                .body("reasons[2].samples[0].detail", equalTo("too large (over 10485760 bytes)"))
                .body("reasons[3].outcome", equalTo("not_crawled"))
                .body("reasons[3].samples", equalTo(List.of(sample(site.uri("docs/a.html?utm_source=newsletter").toString(),
                        "duplicate of " + site.uri("docs/a.html")))))
                .body("reasons[4].samples", equalTo(List.of(sample(site.uri("docs/drafts/wip.html").toString(),
                        "matches **/drafts/**"))))
                .body("reasons[5].samples", equalTo(List.of(sample(site.uri("blog/post.html").toString(), null))));
        // the job's own counters agree with the report
        given().get("/api/v1/jobs/" + jobId).then().body("result.pages_checked", equalTo(4))
                .body("result.pages_skipped", equalTo(2)).body("result.pages_failed", equalTo(1));
        assertThat(site.requestCount("/docs/private/secret.html") + site.requestCount("/docs/drafts/wip.html")
                + site.requestCount("/blog/post.html")).isZero();

        // the report follows the source's last crawl: an incremental refresh confirms the stored pages unchanged
        awaitIdle(id, JOB);
        String refresh = given().contentType("application/json").body("{}").post("/api/v1/sources/" + id + "/refresh")
                .path("job_id");
        awaitJob(refresh, JOB).then().body("status", equalTo("completed"));
        given().get("/api/v1/sources/" + id + "/report").then().statusCode(200)
                .body("job.id", equalTo(refresh)).body("counts.unchanged", equalTo(2)).body("counts.new", equalTo(0))
                .body("counts.failed", equalTo(1)).body("counts.skipped", equalTo(2));
    }

    @Test
    void a_source_without_a_crawl_has_an_empty_report() throws Exception {
        Response created = createSource(uniqueName("No crawl"), site.uri("docs/index.html").toString(),
                Map.of("crawl_delay", 0));
        String id = created.path("id");
        awaitIdle(id, JOB);
        // as if it had never been crawled: its jobs (and with them their reports) are gone
        QuarkusTransaction.requiringNew().run(() ->
                em.createQuery("delete from Job where sourceId = :s").setParameter("s", UUID.fromString(id)).executeUpdate());

        given().get("/api/v1/sources/" + id + "/report").then().statusCode(200)
                .body("source_id", equalTo(id)).body("job", nullValue()).body("counts", nullValue())
                .body("reasons", empty());
    }

    @Test
    void an_unknown_source_is_a_404_problem() {
        given().get("/api/v1/sources/" + UUID.randomUUID() + "/report").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("source"));
        given().get("/api/v1/sources/not-an-id/report").then().statusCode(404).contentType("application/problem+json");
    }

    private static Map<String, Object> sample(String url, String detail) {
        Map<String, Object> sample = new java.util.HashMap<>();
        sample.put("url", url);
        sample.put("detail", detail);
        return sample;
    }
}
