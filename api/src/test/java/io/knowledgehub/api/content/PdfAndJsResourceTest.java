package io.knowledgehub.api.content;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.knowledgehub.testkit.PdfFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * PDF documents and a client-rendered page on a site on 127.0.0.1, crawled and indexed by the running app, then
 * searched: results in a PDF link to its page ({@code #page=N}), the page rendered in real headless Chromium is
 * found by its script-made text, and the same page crawled without render_js is reported as a shell.
 */
@QuarkusTest
class PdfAndJsResourceTest {

    private static FixtureSiteServer site;

    @BeforeEach
    void serve() throws Exception {
        if (site != null) {
            return;
        }
        Path root = Files.createTempDirectory("kh-pdfjs-site");
        TestSites.write(root.resolve("manual/index.html"), TestSites.page("Manual",
                "<p>Read the <a href=\"guide.pdf\">operator guide</a>, the <a href=\"card.pdf\">reference card</a> or the "
                        + "<a href=\"locked.pdf\">locked one</a>.</p>"));
        Files.write(root.resolve("manual/guide.pdf"), PdfFiles.pdf("The Operator Guide", List.of(
                lines("Installing the agent on every node of the cluster takes a few minutes per machine"),
                lines("The quasarflux setting decides how often the agent reports its measurements back home"),
                lines("Upgrading keeps the configuration of the agent and restarts it once on each node"))));
        // pages so short that the chunker joins them into one chunk, headed "Page 1", "Page 2", "Page 3"
        Files.write(root.resolve("manual/card.pdf"), PdfFiles.pdf("The Reference Card", List.of(
                List.of("Start the agent with the start command."),
                List.of("The lemurwick option sets the agent's log level."),
                List.of("Stop the agent with the stop command."))));
        Files.write(root.resolve("manual/locked.pdf"), PdfFiles.encrypted("Locked", List.of(lines("secret")), "pw"));
        TestSites.write(root.resolve("app/index.html"), """
                <!doctype html><html><head><title>Flux Console</title><script src="/app/app.js"></script></head>
                <body><div id="root"></div></body></html>""");
        TestSites.write(root.resolve("app/app.js"), """
                document.addEventListener('DOMContentLoaded', function () {
                  document.getElementById('root').innerHTML = '<main><h1>Console</h1><p>The chronoweave dial sets '
                    + 'how far back the console replays events after a restart.</p></main>';
                });""");
        site = FixtureSiteServer.serve(root);
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    /** Enough text per PDF page that each page is a chunk of its own. */
    private static List<String> lines(String sentence) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            out.add(sentence + " (" + i + ").");
        }
        return out;
    }

    private static Response crawl(String path, Map<String, Object> config) throws InterruptedException {
        Response created = createSource(uniqueName("Content kinds"), site.uri(path).toString(), config);
        created.then().statusCode(201);
        Response job = TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(60));
        TestSites.awaitIdle(created.path("id"), Duration.ofSeconds(120));
        return job.then().body("status", equalTo("completed")).extract().response();
    }

    private static Response search(String query, Response crawlJob) {
        return given().contentType("application/json")
                .body(Map.of("query", query, "search_type", "keyword", "limit", 5,
                        "filters", Map.of("source_ids", List.of(crawlJob.<String>path("source_id")))))
                .post("/api/v1/search");
    }

    @Test
    void pdf_results_link_to_their_page_and_encrypted_pdfs_are_skipped() throws Exception {
        Response job = crawl("manual/", Map.of("crawl_delay", 0));
        job.then().body("result.pages_new", equalTo(3)).body("result.pages_skipped", equalTo(1))
                .body("result.warnings.size()", equalTo(0));

        search("quasarflux", job).then().statusCode(200)
                .body("results[0].url", equalTo(site.uri("manual/guide.pdf") + "#page=2"))
                .body("results[0].title", equalTo("The Operator Guide"));
        // in a chunk that joins short pages, the page whose text holds the word
        search("lemurwick", job).then().statusCode(200)
                .body("results[0].url", equalTo(site.uri("manual/card.pdf") + "#page=2"))
                .body("results[0].content", containsString("# Page 3"));
        String sourceId = job.path("source_id");
        Response docs = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10");
        assertThat(docs.<String>path("documents.find { it.url.endsWith('guide.pdf') }.content_type")).isEqualTo("application/pdf");
        assertThat(docs.<String>path("documents.find { it.url.endsWith('/manual/') }.content_type")).isEqualTo("text/html");
    }

    @Test
    void a_client_rendered_page_is_found_when_rendered_and_reported_as_a_shell_when_not() throws Exception {
        Response rendered = crawl("app/", Map.of("crawl_delay", 0, "render_js", true));
        rendered.then().body("result.warnings.size()", equalTo(0));
        search("chronoweave", rendered).then().statusCode(200)
                .body("results[0].title", equalTo("Flux Console"))
                // the heading's section is the mount point the script filled in
                .body("results[0].url", equalTo(site.uri("app/") + "#root"));

        Response plain = crawl("app/", Map.of("crawl_delay", 0));
        plain.then().body("result.warnings[0]", containsString("1 page looks rendered by JavaScript"))
                .body("result.warnings[0]", containsString("render_js: true"));
    }

    @Test
    void render_js_must_be_a_boolean() {
        createSource(uniqueName("Bad render"), site.uri("app/").toString(), Map.of("render_js", "yes"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("render_js must be true or false"));
    }
}
