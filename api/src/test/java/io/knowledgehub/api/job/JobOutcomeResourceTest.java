package io.knowledgehub.api.job;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.testkit.FixtureSiteServer;
import com.sun.net.httpserver.HttpHandler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.awaitIdle;
import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Jobs tell the truth: a crawl that gave the source nothing ends failed with a message the user can act on (and the
 * spec's source health script, Tutorial 6 step 6, counts the source as failed), a crawl that stored pages despite
 * problems ends completed with warnings, and a job left running by a process that died is recovered at start-up.
 */
@QuarkusTest
class JobOutcomeResourceTest {

    @Inject
    JobService jobs;

    @Inject
    EntityManager em;

    private FixtureSiteServer site;

    @BeforeEach
    void serve() {
        site = TestSites.docsSite(3);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void a_source_whose_site_is_down_ends_failed_and_the_health_script_counts_it_failed() throws Exception {
        // port 1 on loopback: nothing listens there, the connection to robots.txt is refused, which disallows
        // everything (RFC 9309): the base URL is not asked for
        Response created = createSource(uniqueName("Down"), "http://127.0.0.1:1/docs/", Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        String message = "The site's robots.txt http://127.0.0.1:1/robots.txt could not be fetched: connection "
                + "refused. Under the robots.txt standard (RFC 9309) a site whose robots.txt cannot be fetched because "
                + "of a server or network error counts as disallowing everything, so nothing was crawled. Check the "
                + "base URL and that the site is up; the next crawl tries again.";

        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("failed"))
                .body("error_message", equalTo(message)).body("completed_at", notNullValue())
                .body("result.pages_checked", equalTo(0)).body("result.pages_failed", equalTo(0))
                .body("result.pages_new", equalTo(0)).body("result.warnings", equalTo(List.of()));
        awaitIdle(sourceId, Duration.ofSeconds(10));

        // what the health script reads: last_crawl_at set (else "Never crawled"), then the latest job of the source
        given().get("/api/v1/sources/" + sourceId).then().statusCode(200)
                .body("last_crawl_at", notNullValue()).body("stats.last_job_status", equalTo("failed"));
        given().get("/api/v1/jobs?source_id=" + sourceId + "&limit=5").then().statusCode(200)
                .body("jobs[0].status", equalTo("failed")).body("jobs[0].error_message", equalTo(message));

        // nothing is stuck: the next refresh is a new job
        given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh").then().statusCode(200)
                .body("job_id", not(equalTo(created.path("job_id"))));
    }

    @Test
    void a_site_asking_for_a_crawl_delay_above_the_maximum_fails_with_the_delay_it_asks_for() throws Exception {
        TestSites.write(site.root().resolve("robots.txt"), "User-agent: *\nCrawl-delay: 3600\n");
        Response created = createSource(uniqueName("Slow"), site.uri("docs/index.html").toString(), Map.of("crawl_delay", 0));

        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("failed"))
                .body("error_message", startsWith("The site's robots.txt asks crawlers to wait 3600 s between requests "
                        + "(Crawl-delay), more than the 60 s this server accepts (kh.crawler.max-crawl-delay)"))
                .body("result.pages_checked", equalTo(0));
        assertThat(site.requestedPaths()).containsExactly("/robots.txt");
        given().get("/api/v1/sources/" + created.path("id")).then().body("last_crawl_at", notNullValue());
    }

    @Test
    void a_first_crawl_while_robots_txt_answers_503_fetches_no_page_and_fails_saying_why() throws Exception {
        // the site's robots.txt would disallow nothing of /docs/; during its maintenance window it answers 503
        site.route("/robots.txt", unavailable());
        Response created = createSource(uniqueName("Maintenance"), site.uri("docs/index.html").toString(),
                Map.of("crawl_delay", 0));

        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("failed"))
                .body("error_message", equalTo("The site's robots.txt " + site.uri("robots.txt") + " could not be "
                        + "fetched: HTTP 503 (still after 2 retries). Under the robots.txt standard (RFC 9309) a site "
                        + "whose robots.txt cannot be fetched because of a server or network error counts as "
                        + "disallowing everything, so nothing was crawled. Check the base URL and that the site is up; "
                        + "the next crawl tries again."))
                .body("result.pages_checked", equalTo(0)).body("result.pages_new", equalTo(0));
        // robots.txt, tried once and retried twice (kh.crawler.max-retries: 2); no page, sitemap or llms.txt
        assertThat(site.requestedPaths()).containsExactly("/robots.txt", "/robots.txt", "/robots.txt");
        given().get("/api/v1/documents?source_id=" + created.path("id")).then().body("total", equalTo(0));
    }

    @Test
    void a_refresh_while_robots_txt_answers_503_keeps_every_stored_page_searchable_and_fails_saying_why() throws Exception {
        UUID sourceId = crawledSource("Refresh in maintenance");
        given().get("/api/v1/documents?source_id=" + sourceId).then().body("total", equalTo(4));
        assertThat(searchHits(sourceId)).isPositive();
        site.route("/robots.txt", unavailable());
        site.clearLog();

        // an incremental refresh: a crawl that reached no page must not take the stored ones for gone
        String jobId = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                .then().statusCode(200).extract().path("job_id");

        awaitJob(jobId, Duration.ofSeconds(30)).then().body("status", equalTo("failed"))
                .body("error_message", startsWith("The site's robots.txt " + site.uri("robots.txt") + " could not be "
                        + "fetched: HTTP 503 (still after 2 retries). "))
                .body("error_message", endsWith("so nothing was crawled; the 4 pages stored by earlier crawls were "
                        + "kept. Check the base URL and that the site is up; the next crawl tries again."))
                .body("result.pages_checked", equalTo(0)).body("result.pages_deleted", equalTo(0));
        assertThat(site.requestedPaths()).containsOnly("/robots.txt");
        awaitIdle(sourceId.toString(), Duration.ofSeconds(30));
        // nothing deleted, nothing marked no longer linked: the stored pages stay, and stay searchable
        given().get("/api/v1/documents?source_id=" + sourceId).then().body("total", equalTo(4));
        given().get("/api/v1/sources/" + sourceId + "/report").then().statusCode(200)
                .body("reasons.code", not(hasItem("no_longer_linked")));
        assertThat(searchHits(sourceId)).isPositive();

        // once robots.txt answers again, a refresh finds every page where it was
        site.removeRoute("/robots.txt");
        String next = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                .then().statusCode(200).extract().path("job_id");
        awaitJob(next, Duration.ofSeconds(30)).then().body("status", equalTo("completed"))
                .body("result.pages_unchanged", equalTo(4)).body("result.pages_deleted", equalTo(0));
    }

    /** robots.txt during a maintenance window: 503, retry at once (so the retries cost no time). */
    private static HttpHandler unavailable() {
        return exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "0");
            FixtureSiteServer.send(exchange, 503, "text/plain", "down for maintenance".getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Keyword hits for "configuration" among the source's pages. */
    private static int searchHits(UUID sourceId) {
        return given().contentType("application/json").body(Map.of("query", "configuration", "search_type", "keyword",
                        "filters", Map.of("source_ids", List.of(sourceId.toString()))))
                .post("/api/v1/search").then().statusCode(200).extract().path("total");
    }

    @Test
    void a_crawl_that_stored_pages_despite_a_failing_one_completes_with_a_warning() throws Exception {
        site.route("/docs/page-2.html", exchange -> FixtureSiteServer.send(exchange, 500, "text/plain", new byte[0]));
        Response created = createSource(uniqueName("Partly"), site.uri("docs/index.html").toString(), Map.of("crawl_delay", 0));

        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("completed"))
                .body("error_message", equalTo(null))
                .body("result.pages_new", equalTo(3)).body("result.pages_failed", equalTo(1))
                .body("result.warnings", equalTo(List.of("1 page could not be fetched or read (HTTP 500: 1 page); stored copies keep "
                        + "their last content, and the next crawl tries again.")));
    }

    @Test
    void a_job_left_running_by_dead_processes_as_often_as_allowed_is_failed_at_start_up_not_run_again() throws Exception {
        UUID sourceId = crawledSource("Crash loop");
        // what a process killed mid-job leaves behind, for the third time (kh.jobs.max-attempts is 3)
        UUID orphan = orphanedJob(sourceId, 3);

        assertThat(jobs.recoverAndRequeue()).doesNotContain(orphan);

        given().get("/api/v1/jobs/" + orphan).then().body("status", equalTo("failed"))
                .body("completed_at", notNullValue())
                .body("error_message", startsWith("The job was interrupted 3 times: each time the process running it "
                        + "stopped before the job ended"));
        // the source is not blocked: a refresh is a new job that runs
        String next = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                .then().statusCode(200).extract().path("job_id");
        assertThat(next).isNotEqualTo(orphan.toString());
        awaitJob(next, Duration.ofSeconds(30)).then().body("status", equalTo("completed"));
    }

    @Test
    void a_job_left_running_by_a_dead_process_is_run_again_and_its_attempts_counted() throws Exception {
        UUID sourceId = crawledSource("Crashed once");
        UUID orphan = orphanedJob(sourceId, 1);

        assertThat(jobs.recoverAndRequeue()).contains(orphan);

        awaitJob(orphan.toString(), Duration.ofSeconds(30)).then().body("status", equalTo("completed"))
                .body("result.pages_unchanged", equalTo(4));
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, orphan).attempts)).isEqualTo(2);
    }

    private UUID crawledSource(String name) throws InterruptedException {
        Response created = createSource(uniqueName(name), site.uri("docs/index.html").toString(), Map.of("crawl_delay", 0));
        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("completed"));
        awaitIdle(created.path("id"), Duration.ofSeconds(30));
        return UUID.fromString(created.path("id"));
    }

    /** A crawl job marked running, started {@code attempts} times, that no worker runs. */
    private UUID orphanedJob(UUID sourceId, int attempts) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.insert(sourceId, JobType.CRAWL, false, null);
            em.flush();
            // the row as that process left it: no transition of the product makes a job running without a worker
            em.createNativeQuery("update jobs set status = 'running', attempts = ?1, started_at = ?2 where id = ?3")
                    .setParameter(1, attempts).setParameter(2, Instant.now()).setParameter(3, job.id).executeUpdate();
            return job.id;
        });
    }
}
