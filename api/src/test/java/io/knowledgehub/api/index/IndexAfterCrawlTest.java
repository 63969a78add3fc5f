package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.job.JobEnded;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a crawl ends, pages of its source still waiting for indexing get an indexing job: an indexing job that stepped
 * aside for a CPU-bound crawl after its first batch, once the crawl's own last request had found that job still
 * pending, leaves pages that nobody else would index.
 */
@QuarkusTest
class IndexAfterCrawlTest {

    private static FixtureSiteServer site;

    @Inject
    Event<JobEnded> ended;

    @Inject
    EntityManager em;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void a_crawl_that_ends_with_pages_left_pending_gets_them_indexed_and_one_without_asks_for_nothing() throws Exception {
        Path root = Files.createTempDirectory("kh-after-crawl-site");
        write(root.resolve("docs/index.html"), page("Handbook", "<p>Start here.</p><a href=\"a.html\">A</a><a href=\"b.html\">B</a>"));
        write(root.resolve("docs/a.html"), page("Alpha", "<p>The marrowglen setting in detail.</p>"));
        write(root.resolve("docs/b.html"), page("Beta", "<p>The fennickwold option in detail.</p>"));
        site = FixtureSiteServer.serve(root);
        Response created = createSource(uniqueName("After crawl"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        UUID crawl = UUID.fromString(created.path("job_id"));
        TestSites.awaitJob(crawl.toString(), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        assertThat(pending(sourceId)).isZero();
        int ragJobs = ragJobs(sourceId);

        // nothing pending: the crawl's end asks for no indexing
        ended.fire(new JobEnded(crawl, JobType.CRAWL, JobStatus.COMPLETED, Duration.ZERO, null));
        assertThat(ragJobs(sourceId)).isEqualTo(ragJobs);

        // a page left pending (as by an indexing job that ended after its first batch beside the crawl)
        QuarkusTransaction.requiringNew().run(() -> em.createQuery(
                        "update Document d set d.indexStatus = :pending where d.sourceId = :s and d.title = 'Beta'")
                .setParameter("pending", IndexStatus.PENDING).setParameter("s", UUID.fromString(sourceId)).executeUpdate());
        assertThat(pending(sourceId)).isEqualTo(1);
        // the end of an indexing job that did not step aside for a crawl asks for nothing
        UUID lastIndexing = UUID.fromString(given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=1")
                .then().statusCode(200).extract().path("jobs[0].id"));
        ended.fire(new JobEnded(lastIndexing, JobType.RAG, JobStatus.COMPLETED, Duration.ZERO, null));
        assertThat(ragJobs(sourceId)).isEqualTo(ragJobs);
        // the crawl's end, with no indexing job pending or running, does
        ended.fire(new JobEnded(crawl, JobType.CRAWL, JobStatus.COMPLETED, Duration.ZERO, null));
        assertThat(ragJobs(sourceId)).isEqualTo(ragJobs + 1);
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        assertThat(pending(sourceId)).isZero();
    }

    private long pending(String sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select count(*) from Document d where d.sourceId = :s and d.indexStatus = :pending", Long.class)
                .setParameter("s", UUID.fromString(sourceId)).setParameter("pending", IndexStatus.PENDING).getSingleResult());
    }

    private static int ragJobs(String sourceId) {
        return given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=100").then().statusCode(200)
                .extract().path("total");
    }
}
