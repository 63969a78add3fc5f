package io.knowledgehub.api.document;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DocumentResourceTest {

    private static FixtureSiteServer site;

    @BeforeAll
    static void serve() {
        site = TestSites.docsSite(3);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void lists_documents_of_a_source_and_shows_one_with_its_content() throws Exception {
        Response created = createSource(uniqueName("Docs"), site.baseUri().resolve("/docs/index.html").toString(), Map.of("crawl_delay", 0));
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        String sourceId = created.path("id");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(60));

        Response list = given().get("/api/v1/documents/?source_id=" + sourceId + "&limit=2");
        list.then().statusCode(200).body("total", equalTo(4)).body("documents", hasSize(2))
                .body("documents[0].content", nullValue()).body("documents[0].content_hash", notNullValue());
        given().get("/api/v1/documents?source_id=" + sourceId + "&limit=2&offset=2").then().statusCode(200)
                .body("documents", hasSize(2));

        String pageUrl = site.baseUri().resolve("/docs/page-2.html").toString();
        String id = given().get("/api/v1/documents/?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.url == '" + pageUrl + "' }.id");
        given().get("/api/v1/documents/" + id).then().statusCode(200)
                .body("title", equalTo("Page 2")).body("url", equalTo(pageUrl))
                .body("content", containsString("Body text number 2"))
                .body("content", not(containsString("Footer text")))
                .body("headings.find { it.text == 'Section 2' }.anchor", equalTo("s2"))
                .body("index_status", equalTo("indexed"));
    }
}
