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
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page stored with the text of its Markdown twin: an incremental refresh asks the twin again when the HTML page
 * answers 304 (with the twin's validators, which the store keeps), so a change of the twin alone reaches the stored
 * text, and an unchanged twin costs one conditional GET.
 */
@QuarkusTest
class MarkdownTwinRefreshTest {

    private static final Duration JOB = Duration.ofSeconds(60);

    @Test
    void a_refresh_stores_the_changed_text_of_a_twin_whose_html_page_is_unchanged() throws Exception {
        Path root = Files.createTempDirectory("kh-twin-site");
        write(root.resolve("docs/index.html"), "<html><head><title>Home</title><link rel=\"alternate\" "
                + "type=\"text/markdown\" href=\"index.md\"></head><body><main><p>The HTML page.</p></main></body></html>");
        write(root.resolve("docs/index.md"), "# Home\n\nThe twin says brindlewort.\n");
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            Response created = createSource(uniqueName("Twin"), site.baseUri().resolve("/docs/").toString(),
                    Map.of("crawl_delay", 0));
            String sourceId = created.path("id");
            assertThat(TestSites.awaitJob(created.path("job_id"), JOB).<String>path("status")).isEqualTo("completed");
            assertThat(TestSites.contents(sourceId)).containsExactly("# Home\n\nThe twin says brindlewort.");

            write(root.resolve("docs/index.md"), "# Home\n\nThe twin says quillimot now.\n");
            JsonPath changed = TestSites.refresh(sourceId, JOB);
            assertThat(changed.getInt("result.pages_updated")).isEqualTo(1);
            assertThat(TestSites.contents(sourceId)).containsExactly("# Home\n\nThe twin says quillimot now.");

            site.clearLog();
            JsonPath same = TestSites.refresh(sourceId, JOB);
            assertThat(same.getInt("result.pages_unchanged")).isEqualTo(1);
            assertThat(same.getInt("result.pages_updated")).isZero();
            assertThat(site.requests()).filteredOn(r -> r.path().equals("/docs/index.md"))
                    .extracting(FixtureSiteServer.LoggedRequest::status).containsExactly(304);
        }
    }
}
