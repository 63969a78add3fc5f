package io.knowledgehub.api.job;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages that answer 304 keep the text they were stored with; when the source's extraction settings change, the next
 * refresh reads every page again with the new ones (as a forced refresh does), says so, and the refresh after it is
 * incremental again.
 */
@QuarkusTest
class ExtractionSettingsChangeTest {

    private static final Duration JOB = Duration.ofSeconds(60);

    @Test
    void a_refresh_after_the_extraction_settings_changed_reads_every_page_again_with_them() throws Exception {
        Path root = Files.createTempDirectory("kh-extraction-site");
        String stamp = "<div class=\"stamp\">Last updated by marrowbrand</div>";
        write(root.resolve("docs/index.html"), page("Handbook", "<p>Start here with the quollwick.</p>" + stamp
                + "<a href=\"a.html\">A</a>"));
        write(root.resolve("docs/a.html"), page("Alpha", "<p>The quollwick setting in detail.</p>" + stamp));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            Response created = createSource(uniqueName("Extraction"), site.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0));
            String sourceId = created.path("id");
            assertThat(TestSites.awaitJob(created.path("job_id"), JOB).<String>path("status")).isEqualTo("completed");
            TestSites.awaitIdle(sourceId, JOB);
            assertThat(TestSites.contents(sourceId)).hasSize(2).allMatch(c -> c.contains("marrowbrand"));

            JsonPath same = TestSites.refresh(sourceId, JOB);
            assertThat(same.getInt("result.pages_unchanged")).as("nothing changed").isEqualTo(2);
            assertThat(same.getList("result.warnings")).isEmpty();

            given().contentType("application/json")
                    .body(Map.of("config", Map.of("crawl_delay", 0, "content_extraction", Map.of("exclude_selectors", List.of(".stamp")))))
                    .patch("/api/v1/sources/" + sourceId).then().statusCode(200);
            JsonPath changed = TestSites.refresh(sourceId, JOB);
            assertThat(changed.getInt("result.pages_unchanged")).as("every page read again").isZero();
            assertThat(changed.getList("result.warnings", String.class)).anyMatch(w -> w.contains("extraction settings"));
            assertThat(changed.getString("result.read_with")).isNotEqualTo(same.getString("result.read_with"));
            TestSites.awaitIdle(sourceId, JOB);
            assertThat(TestSites.contents(sourceId)).hasSize(2).noneMatch(c -> c.contains("marrowbrand")).allMatch(c -> c.contains("quollwick"));

            JsonPath after = TestSites.refresh(sourceId, JOB);
            assertThat(after.getInt("result.pages_unchanged")).as("incremental again").isEqualTo(2);
            assertThat(after.getList("result.warnings")).isEmpty();
        }
    }
}
