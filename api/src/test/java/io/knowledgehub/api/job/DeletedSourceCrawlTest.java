package io.knowledgehub.api.job;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.crawler.engine.PageOutcome;
import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.crawler.job.CrawlStore;
import io.knowledgehub.crawler.job.SourceDeletedException;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deleting a source while its crawl runs (api.md: "cancel its jobs, remove it"): a batch of pages the crawl stores
 * after the deletion finds the source gone and stops the crawl as such, instead of failing at commit on the
 * documents' reference to the source (which logged a transaction manager's stack trace and "Job failed").
 */
@QuarkusTest
class DeletedSourceCrawlTest {

    private static final Duration JOB = Duration.ofSeconds(60);

    @Inject
    CrawlStore store;

    @Test
    void pages_stored_for_a_deleted_source_stop_the_crawl_as_deleted_and_leave_no_rows() throws Exception {
        Path root = Files.createTempDirectory("kh-deleted-site");
        write(root.resolve("docs/index.html"), page("Handbook", "<p>Start here with the gorsewhistle.</p>"));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            Response created = createSource(uniqueName("Deleted"), site.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0));
            String sourceId = created.path("id");
            assertThat(TestSites.awaitJob(created.path("job_id"), JOB).<String>path("status")).isEqualTo("completed");
            TestSites.awaitIdle(sourceId, JOB);
            given().delete("/api/v1/sources/" + sourceId).then().statusCode(204);

            String url = site.baseUri().resolve("/docs/late.html").toString();
            ExtractedPage late = new ExtractedPage("Late", "A page the crawl read after the deletion.", List.of(), "late-hash",
                    null, List.of(), ContentKind.HTML, null, null, List.of());
            PageOutcome outcome = new PageOutcome(PageOutcome.Kind.NEW, url, 1, late, null, null, List.of(), null, null, 200,
                    null, null);
            assertThatThrownBy(() -> store.apply(UUID.fromString(sourceId), List.of(outcome), new HashMap<>()))
                    .isInstanceOf(SourceDeletedException.class).hasMessageContaining("was deleted while its crawl ran");
            given().get("/api/v1/documents?source_id=" + sourceId).then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
        }
    }
}
