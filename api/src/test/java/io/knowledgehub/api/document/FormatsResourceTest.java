package io.knowledgehub.api.document;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A site with an HTML page (lists, a table, code with its language), a Markdown page, a Markdown file served as
 * application/octet-stream, a plain-text page and a file of a kind that is not indexed: each is stored with its
 * real content type, headings and anchors, served as Markdown on request, and found through the content_types
 * filter in every search type.
 */
@QuarkusTest
class FormatsResourceTest {

    private static FixtureSiteServer site;
    private static String sourceId;
    private static Map<String, String> idsByPath;

    @BeforeEach
    void crawlAndIndex() throws Exception {
        if (site != null) {
            return;
        }
        site = FixtureSiteServer.serve(writeSite());
        // servers that do not know .md send it as a generic binary type
        site.route("/docs/raw/setup.md", exchange -> FixtureSiteServer.send(exchange, 200, "application/octet-stream",
                "# Raw setup\n\nThe harbor lighthouse keeper installs the lamp from a raw file.\n".getBytes(StandardCharsets.UTF_8)));
        Response created = createSource(uniqueName("Formats"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0));
        sourceId = created.path("id");
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        idsByPath = new HashMap<>();
        JsonPath list = given().get("/api/v1/documents?source_id=" + sourceId).jsonPath();
        List<String> urls = list.getList("documents.url");
        List<String> ids = list.getList("documents.id");
        for (int i = 0; i < urls.size(); i++) {
            idsByPath.put(urls.get(i).substring(site.baseUri().toString().length() - 1), ids.get(i));
        }
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static Path writeSite() throws IOException {
        Path root = Files.createTempDirectory("kh-formats-site");
        TestSites.write(root.resolve("docs/index.html"), TestSites.page("Harbor handbook",
                "<p>Read the <a href=\"guide.md\">guide</a>, the <a href=\"notes.txt\">notes</a>, the "
                        + "<a href=\"raw/setup.md\">raw setup</a>, the <a href=\"lamp.json\">lamp data</a> and the "
                        + "<a href=\"reference.html\">reference</a>.</p>"));
        TestSites.write(root.resolve("docs/reference.html"), TestSites.page("Lamp reference",
                "<h2 id=\"steps\">Steps</h2><ol><li>Climb the tower</li><li>Light the <code>lamp</code></li></ol>"
                        + "<p>The harbor lighthouse keeper follows <a href=\"guide.md\">the guide</a>.</p>"
                        + "<table><tr><th>Lamp</th><th>Watts</th></tr><tr><td>Fresnel</td><td>1000</td></tr></table>"
                        + "<pre><code class=\"language-python\">lamp.light()</code></pre>"));
        TestSites.write(root.resolve("docs/guide.md"), """
                ---
                title: Keeper guide
                ---
                # Keeper's Guide

                The harbor lighthouse keeper trims the wick every evening.

                ## Night watch

                ```bash
                keeper --watch
                ```

                | Hour | Task |
                |------|------|
                | 22 | Trim the wick |
                """);
        TestSites.write(root.resolve("docs/notes.txt"), """
                Keeper notes

                The harbor lighthouse keeper logs every ship that passes.
                # not a heading
                """);
        TestSites.write(root.resolve("docs/lamp.json"), "{\"lamp\": \"harbor lighthouse keeper\"}");
        TestSites.write(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        return root;
    }

    private static Response search(String type, List<String> contentTypes) {
        return given().contentType("application/json").body(Map.of("query", "harbor lighthouse keeper", "search_type", type,
                        "limit", 10, "filters", Map.of("source_ids", List.of(sourceId), "content_types", contentTypes)))
                .post("/api/v1/search");
    }

    @Test
    void stores_every_page_with_its_real_content_type() {
        JsonPath list = given().get("/api/v1/documents?source_id=" + sourceId).jsonPath();
        Map<String, String> types = new TreeMap<>();
        List<String> urls = list.getList("documents.url");
        List<String> contentTypes = list.getList("documents.content_type");
        for (int i = 0; i < urls.size(); i++) {
            types.put(urls.get(i).substring(site.baseUri().toString().length() - 1), contentTypes.get(i));
        }
        assertThat(types).isEqualTo(new TreeMap<>(Map.of(
                "/docs/", "text/html",
                "/docs/reference.html", "text/html",
                "/docs/guide.md", "text/markdown",
                "/docs/raw/setup.md", "text/markdown",
                "/docs/notes.txt", "text/plain")));
    }

    @Test
    void markdown_pages_have_titles_headings_and_github_anchors() {
        given().get("/api/v1/documents/" + idsByPath.get("/docs/guide.md")).then().statusCode(200)
                .body("title", equalTo("Keeper guide"))
                .body("headings.text", equalTo(List.of("Keeper's Guide", "Night watch")))
                .body("headings.anchor", equalTo(List.of("keepers-guide", "night-watch")))
                .body("headings.level", equalTo(List.of(1, 2)))
                .body("content", equalTo("# Keeper's Guide\n\nThe harbor lighthouse keeper trims the wick every evening.\n\n"
                        + "## Night watch\n\n```\nkeeper --watch\n```\n\nHour | Task\n22 | Trim the wick"));
        given().get("/api/v1/documents/" + idsByPath.get("/docs/raw/setup.md")).then().body("title", equalTo("Raw setup"));
        given().get("/api/v1/documents/" + idsByPath.get("/docs/notes.txt")).then()
                .body("title", equalTo("Keeper notes"))
                .body("headings.size()", equalTo(0))
                .body("content", equalTo("Keeper notes\n\nThe harbor lighthouse keeper logs every ship that passes.\n\\# not a heading"));
    }

    @Test
    void serves_pages_as_markdown_on_request() {
        String html = idsByPath.get("/docs/reference.html");
        String expected = """
                # Lamp reference

                ## Steps

                1. Climb the tower
                2. Light the `lamp`

                The harbor lighthouse keeper follows [the guide](%s).

                | Lamp | Watts |
                | --- | --- |
                | Fresnel | 1000 |

                ```python
                lamp.light()
                ```
                """.formatted(site.uri("/docs/guide.md"));
        given().accept("text/markdown").get("/api/v1/documents/" + html).then().statusCode(200)
                .contentType(containsString("text/markdown")).body(equalTo(expected));
        given().get("/api/v1/documents/" + html + "?format=markdown").then().statusCode(200).body(equalTo(expected));
        given().get("/api/v1/documents/" + html + "?format=markdown&section=steps").then()
                .body(equalTo("## Steps\n\n1. Climb the tower\n2. Light the `lamp`\n\nThe harbor lighthouse keeper follows [the guide]("
                        + site.uri("/docs/guide.md") + ").\n\n| Lamp | Watts |\n| --- | --- |\n| Fresnel | 1000 |\n\n```python\nlamp.light()\n```\n"));
        // the JSON answer keeps the indexed text
        given().get("/api/v1/documents/" + html).then().contentType(containsString("application/json"))
                .body("content", containsString("Climb the tower\n\nLight the lamp"));
        given().accept("text/markdown").get("/api/v1/documents/" + idsByPath.get("/docs/guide.md")).then()
                .body(equalTo("# Keeper guide\n\n# Keeper's Guide\n\nThe harbor lighthouse keeper trims the wick every evening.\n\n"
                        + "## Night watch\n\n```bash\nkeeper --watch\n```\n\n| Hour | Task |\n|------|------|\n| 22 | Trim the wick |\n"));
        given().get("/api/v1/documents/" + html + "?format=docx").then().statusCode(400)
                .body("detail", containsString("\"markdown\""));
        given().get("/api/v1/documents/" + html + "?format=markdown&section=nowhere").then().statusCode(400)
                .body("detail", containsString("steps"));
    }

    @Test
    void content_types_filter_every_search_type() {
        for (String type : List.of("keyword", "semantic", "hybrid")) {
            assertThat(search(type, List.of("markdown")).<List<String>>path("results.url"))
                    .as(type).isNotEmpty().allSatisfy(u -> assertThat(u).contains(".md"));
            assertThat(search(type, List.of("text")).<List<String>>path("results.url"))
                    .as(type).isNotEmpty().allSatisfy(u -> assertThat(u).endsWith("/docs/notes.txt"));
            // the HTML pages: reference.html and the home page, index.html, stored as its folder /docs/
            assertThat(search(type, List.of("html")).<List<String>>path("results.url"))
                    .as(type).isNotEmpty().allMatch(FormatsResourceTest::isHtmlPage);
            assertThat(search(type, List.of("pdf")).<List<String>>path("results")).as(type).isEmpty();
            assertThat(search(type, List.of("markdown", "text/plain")).<List<String>>path("results.url"))
                    .as(type).isNotEmpty().noneMatch(FormatsResourceTest::isHtmlPage)
                    .anyMatch(u -> u.endsWith("notes.txt")).anyMatch(u -> u.contains(".md"));
        }
        given().get("/api/v1/search?q=keeper&content_type=markdown&source_id=" + sourceId).then().statusCode(200)
                .body("results.size()", org.hamcrest.Matchers.greaterThan(0));
        search("keyword", List.of("docx")).then().statusCode(400).body("field", equalTo("filters.content_types[0]"))
                .body("detail", containsString("html, pdf, markdown, text"));
    }

    /** A result URL (with or without its #anchor) of one of the site's HTML pages. */
    private static boolean isHtmlPage(String url) {
        String page = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
        return page.endsWith(".html") || page.endsWith("/docs/");
    }

    @Test
    void snippets_come_as_markdown_on_request() {
        Response r = given().contentType("application/json").body(Map.of("query", "keeper watch", "search_type", "keyword",
                "snippet_format", "markdown", "filters", Map.of("source_ids", List.of(sourceId), "content_types", List.of("markdown"))))
                .post("/api/v1/search");
        List<String> snippets = r.path("results.snippet");
        assertThat(snippets).isNotEmpty().noneMatch(s -> s.contains("<mark>"));
        assertThat(snippets).anyMatch(s -> s.contains("```\nkeeper --watch\n```"));
        given().contentType("application/json").body(Map.of("query", "keeper", "snippet_format", "pdf")).post("/api/v1/search")
                .then().statusCode(400).body("field", equalTo("snippet_format"));
    }
}
