package io.knowledgehub.api.document;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.awaitIdle;
import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/**
 * One text under two URLs of a source is stored as one document whose {@code aliases} list the other URL; the
 * coverage report counts that URL as a duplicate; a complete crawl that no longer finds the alias forgets it, and a
 * copy that stops being a copy becomes a document of its own. Also: {@code dir/index.html} is stored as {@code dir/}.
 */
@QuarkusTest
class DocumentAliasResourceTest {

    private static final Duration JOB = Duration.ofSeconds(60);
    private static final String SHARED = TestSites.page("Installing", "<p>Download the archive and unpack it.</p>");

    private Path root;
    private FixtureSiteServer site;

    @BeforeEach
    void serve() throws Exception {
        root = Files.createTempDirectory("kh-alias-site");
        home(true);
        TestSites.write(root.resolve("docs/original.html"), SHARED);
        TestSites.write(root.resolve("docs/copy.html"), SHARED);
        TestSites.write(root.resolve("docs/other.html"), TestSites.page("Configuring", "<p>Edit the settings file.</p>"));
        site = FixtureSiteServer.serve(root);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void the_same_text_under_two_urls_is_one_document_with_an_alias() throws Exception {
        // one page at a time: original.html is linked first, so it keeps the document
        Response created = createSource(uniqueName("Aliases"), site.uri("docs/index.html").toString(),
                Map.of("crawl_delay", 0, "performance", Map.of("parallel_hash_calculation", 1)));
        String id = created.path("id");
        awaitJob(created.path("job_id"), JOB).then().body("status", equalTo("completed"))
                .body("result.pages_new", equalTo(3)).body("result.pages_skipped", equalTo(1));

        Map<String, String> documents = documents(id);
        assertThat(documents).containsOnlyKeys(url("docs/"), url("docs/original.html"), url("docs/other.html"));
        given().get("/api/v1/documents/" + documents.get(url("docs/original.html"))).then().statusCode(200)
                .body("aliases", equalTo(List.of(url("docs/copy.html"))));
        given().get("/api/v1/documents/" + documents.get(url("docs/other.html"))).then().body("aliases", empty());
        given().get("/api/v1/sources/" + id + "/report").then().statusCode(200)
                .body("reasons.find { it.code == 'duplicate_of' }.outcome", equalTo("skipped"))
                .body("reasons.find { it.code == 'duplicate_of' }.samples", equalTo(List.of(Map.of(
                        "url", url("docs/copy.html"), "detail", "same content as " + url("docs/original.html")))));

        // the copy is no longer linked: a crawl that reached every page forgets the alias
        home(false);
        refresh(id);
        given().get("/api/v1/documents/" + documents.get(url("docs/original.html"))).then().body("aliases", empty());

        // linked again, and no longer a copy: a document of its own
        home(true);
        TestSites.write(root.resolve("docs/copy.html"), TestSites.page("Installing", "<p>Download, verify, unpack.</p>"));
        refresh(id);
        assertThat(documents(id)).containsKey(url("docs/copy.html"));
        given().get("/api/v1/documents/" + documents(id).get(url("docs/original.html"))).then().body("aliases", empty());
    }

    private void refresh(String id) throws InterruptedException {
        awaitIdle(id, JOB);
        String job = given().contentType("application/json").body("{}").post("/api/v1/sources/" + id + "/refresh")
                .path("job_id");
        awaitJob(job, JOB).then().body("status", equalTo("completed"));
    }

    /** The source's documents: URL → id. */
    private static Map<String, String> documents(String sourceId) {
        JsonPath list = given().get("/api/v1/documents?source_id=" + sourceId).jsonPath();
        Map<String, String> out = new HashMap<>();
        List<String> urls = list.getList("documents.url");
        List<String> ids = list.getList("documents.id");
        for (int i = 0; i < urls.size(); i++) {
            out.put(urls.get(i), ids.get(i));
        }
        return out;
    }

    private void home(boolean linkCopy) throws Exception {
        TestSites.write(root.resolve("docs/index.html"), TestSites.page("Home", "<p>Start here.</p>"
                + "<a href=\"original.html\">Original</a> " + (linkCopy ? "<a href=\"copy.html\">Copy</a> " : "")
                + "<a href=\"other.html\">Other</a>"));
    }

    private String url(String path) {
        return site.uri(path).toString();
    }
}
