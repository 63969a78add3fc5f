package io.knowledgehub.api.job;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class JobResourceTest {

    private static FixtureSiteServer site;

    @Inject
    JobService jobs;

    @Inject
    EntityManager em;

    @BeforeAll
    static void serve() {
        site = TestSites.docsSite(40);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static String docsUrl() {
        return site.baseUri().resolve("/docs/index.html").toString();
    }

    @Test
    void running_crawl_reports_progress_and_stops_soon_after_cancel_keeping_its_pages() throws Exception {
        // 0.2 s between requests: 41 pages take over 8 s, so the crawl is surely still running when cancelled
        Response created = createSource(uniqueName("Slow"), docsUrl(), Map.of("crawl_delay", 0.2));
        String jobId = created.path("job_id");
        String sourceId = created.path("id");
        Response running = pollUntil(jobId, j -> j.<Integer>path("processed_pages") >= 5, Duration.ofSeconds(20));
        running.then().body("status", equalTo("running")).body("started_at", notNullValue())
                .body("total_pages", greaterThan(5)).body("progress", greaterThan(0));

        given().contentType("application/json").post("/api/v1/jobs/" + jobId + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        Thread.sleep(2000);
        int requestsAfterStop = site.requestedPaths().size();
        Thread.sleep(1000);
        assertThat(site.requestedPaths().size()).as("requests after the crawl should have stopped").isEqualTo(requestsAfterStop);

        given().get("/api/v1/jobs/" + jobId).then().body("status", equalTo("cancelled")).body("completed_at", notNullValue());
        int kept = given().get("/api/v1/documents?source_id=" + sourceId).path("total");
        assertThat(kept).as("pages stored before the cancel are kept").isBetween(1, 40);

        given().contentType("application/json").post("/api/v1/jobs/" + jobId + "/cancel").then().statusCode(409);

        // the retry is a new job that finishes the crawl: the kept pages count as unchanged
        given().contentType("application/json").body(Map.of("config", Map.of("crawl_delay", 0)))
                .patch("/api/v1/sources/" + sourceId).then().statusCode(200);
        Response retry = given().contentType("application/json").post("/api/v1/jobs/" + jobId + "/retry");
        retry.then().statusCode(200).body("retry_of", equalTo(jobId)).body("status", equalTo("pending"));
        Response done = awaitJob(retry.path("id"), Duration.ofSeconds(30));
        done.then().body("status", equalTo("completed")).body("result.pages_checked", equalTo(41));
        assertThat(done.<Integer>path("result.pages_unchanged")).isEqualTo(kept);
        assertThat(done.<Integer>path("result.pages_new")).isEqualTo(41 - kept);

        given().contentType("application/json").post("/api/v1/jobs/" + done.path("id") + "/retry").then().statusCode(409);
    }

    /** api.md: an indexing job's processed_pages and total_pages describe its work; a finished one did all it counted. */
    @Test
    void a_finished_indexing_job_counts_each_document_once() throws Exception {
        Response created = createSource(uniqueName("Counted"), docsUrl(), Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        List<Map<String, Object>> rag = given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=50").path("jobs");
        assertThat(rag).isNotEmpty();
        int indexed = 0;
        for (Map<String, Object> job : rag) {
            assertThat(job.get("status")).isEqualTo("completed");
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) job.get("result");
            int done = (Integer) result.get("documents_indexed") + (Integer) result.get("documents_failed");
            assertThat(job.get("processed_pages")).as("processed_pages of %s", job).isEqualTo(done);
            assertThat((Integer) job.get("total_pages")).as("total_pages of %s", job).isGreaterThanOrEqualTo(done);
            indexed += done;
        }
        assertThat(indexed).isEqualTo(41);
        // the newest job found nothing left: it did all it counted
        assertThat(rag.get(0).get("total_pages")).isEqualTo(rag.get(0).get("processed_pages"));
    }

    /**
     * api.md: a refresh of a source whose crawl is pending or running returns that job, also when requests come at once
     * (a double click, a retried request, a firing of the schedule beside a manual refresh).
     */
    @Test
    void refreshes_asked_for_at_once_share_one_crawl() throws Exception {
        Response created = createSource(uniqueName("Clicked twice"), docsUrl(), Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        // a slow crawl from now on, so that each round's job is surely still pending or running while the round asks
        given().contentType("application/json").body(Map.of("config", Map.of("crawl_delay", 0.5)))
                .patch("/api/v1/sources/" + sourceId).then().statusCode(200);

        int requests = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        try {
            for (int round = 0; round < 5; round++) {
                java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(requests);
                List<java.util.concurrent.Future<UUID>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return jobs.requestCrawl(UUID.fromString(sourceId), true).id;
                    }));
                }
                java.util.Set<UUID> jobIds = new java.util.HashSet<>();
                for (java.util.concurrent.Future<UUID> a : answers) {
                    jobIds.add(a.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(jobIds).as("one crawl for all the requests of round %d", round).hasSize(1);
                for (UUID id : jobIds) {
                    given().contentType("application/json").post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200);
                }
            }
            // and through the API
            String viaApi = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                    .then().statusCode(200).extract().path("job_id");
            given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                    .then().statusCode(200).body("job_id", equalTo(viaApi));
            given().contentType("application/json").post("/api/v1/jobs/" + viaApi + "/cancel").then().statusCode(200);
            int crawls = given().get("/api/v1/jobs?source_id=" + sourceId + "&type=crawl&limit=50").path("total");
            assertThat(crawls).as("the first crawl, one a round and the one through the API").isEqualTo(7);
        } finally {
            pool.shutdownNow();
            given().delete("/api/v1/sources/" + sourceId); // its pages would answer other tests' searches
        }
    }

    /**
     * A job whose end cannot be written (a full disk, a database that closed under it) is not left "running" with no
     * worker: its lease is left to expire, and it runs again once the database takes writes again.
     */
    @Test
    void a_job_whose_end_could_not_be_recorded_runs_again_instead_of_staying_running() throws Exception {
        Response created = createSource(uniqueName("Unrecorded"), docsUrl(), Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));

        // from now on this source's new jobs can start and report progress, but not end
        String since = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("ALTER TABLE jobs ADD CONSTRAINT test_no_end CHECK ("
                + "status IN ('pending', 'running') OR source_id <> CAST('" + sourceId + "' AS UUID) "
                + "OR created_at < CAST('" + since + "' AS TIMESTAMP WITH TIME ZONE))").executeUpdate());
        String jobId;
        try {
            jobId = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh")
                    .then().statusCode(200).extract().path("job_id");
            pollUntil(jobId, j -> j.<Integer>path("processed_pages") >= 41, Duration.ofSeconds(30));
            Thread.sleep(3000); // the crawl is over and could not record its end
            given().get("/api/v1/jobs/" + jobId).then().body("status", equalTo("running"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("ALTER TABLE jobs DROP CONSTRAINT test_no_end").executeUpdate());
        }
        // the lease (kh.jobs.lease, 30 s) expires, the job runs again and ends
        Response done = awaitJob(jobId, Duration.ofSeconds(90));
        done.then().body("status", equalTo("completed")).body("result.pages_checked", equalTo(41));
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, UUID.fromString(jobId)).attempts)).isEqualTo(2);
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        given().delete("/api/v1/sources/" + sourceId).then().statusCode(204); // its pages would answer other tests' searches
    }

    @Test
    void a_job_left_running_by_a_dead_process_is_run_again() throws Exception {
        Response created = createSource(uniqueName("Restart"), docsUrl(), Map.of("crawl_delay", 0));
        UUID sourceId = UUID.fromString(created.path("id"));
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));

        // what a process killed mid-crawl leaves behind: a job marked running that no worker runs
        UUID orphan = QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.insert(sourceId, JobType.CRAWL, false, null);
            em.flush();
            // the row as that process left it: no transition of the product makes a job running without a worker
            em.createNativeQuery("update jobs set status = 'running' where id = ?1").setParameter(1, job.id).executeUpdate();
            return job.id;
        });
        assertThat(jobs.recoverAndRequeue()).contains(orphan);
        awaitJob(orphan.toString(), Duration.ofSeconds(30)).then().body("status", equalTo("completed"))
                .body("result.pages_unchanged", equalTo(41)).body("result.efficiency", equalTo(100.0f));
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.find(Job.class, orphan).attempts)).isEqualTo(1);
    }

    @Test
    void lists_and_filters_jobs() throws Exception {
        Response created = createSource(uniqueName("List"), docsUrl(), Map.of("crawl_delay", 0));
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        given().get("/api/v1/jobs?source_id=" + created.path("id") + "&status=completed&type=crawl&limit=5").then().statusCode(200)
                .body("total", equalTo(1)).body("jobs[0].id", equalTo(created.path("job_id")))
                .body("jobs[0].result.pages_new", equalTo(41));
        given().get("/api/v1/jobs?status=finished").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/v1/jobs?source_id=nope").then().statusCode(400).body("field", equalTo("source_id"));
        given().get("/api/v1/jobs/123e4567-e89b-12d3-a456-426614174000").then().statusCode(404);
    }

    private static Response pollUntil(String jobId, java.util.function.Predicate<Response> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response job = given().get("/api/v1/jobs/" + jobId);
            if (done.test(job) || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(50);
        }
    }
}
