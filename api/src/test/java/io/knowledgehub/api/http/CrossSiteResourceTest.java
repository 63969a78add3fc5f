package io.knowledgehub.api.http;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/** With auth off (the laptop), a page on another site cannot make the visitor's browser change anything. */
@QuarkusTest
class CrossSiteResourceTest {

    private static FixtureSiteServer site;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void serve() {
        site = TestSites.docsSite(2);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void simple_cross_site_posts_to_refresh_all_and_rebuild_are_refused_and_change_nothing() throws Exception {
        String id = TestSites.createSource(TestSites.uniqueName("Cross"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("max_depth", 1, "crawl_delay", 0)).then().statusCode(201).extract().path("id");
        TestSites.awaitIdle(id, Duration.ofSeconds(60));
        int jobs = jobCount();

        for (String path : new String[]{"/api/v1/sources/refresh-all", "/api/v1/index/rebuild"}) {
            given().contentType("application/x-www-form-urlencoded").body("a=b").post(path).then().statusCode(415)
                    .contentType("application/problem+json").body("detail", containsString("Content-Type: application/json"));
            given().contentType("text/plain").body("{}").post(path).then().statusCode(415);
            given().contentType("multipart/form-data; boundary=x").body("--x--".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path).then().statusCode(415);
            given().post(path).then().statusCode(415);
            given().header("Origin", "https://evil.example").contentType("text/plain").body("{}").post(path).then().statusCode(403);
            given().header("Origin", "https://evil.example").contentType("application/json").body("{}").post(path).then()
                    .statusCode(403).header("Access-Control-Allow-Origin", nullValue())
                    .body("detail", containsString("https://evil.example"));
        }
        given().header("Origin", "https://evil.example").delete("/api/v1/sources/" + id).then().statusCode(403);
        given().header("Origin", "https://evil.example").contentType("application/json").body("{\"name\": \"x\"}")
                .patch("/api/v1/sources/" + id).then().statusCode(403);
        assertThat(jobCount()).as("no job was created").isEqualTo(jobs);
        given().get("/api/v1/sources/" + id).then().statusCode(200);

        // the same request from the app's own page (same origin) or a listed origin goes through
        given().header("Origin", base.getScheme() + "://" + base.getRawAuthority()).contentType("application/json").body("{}")
                .post("/api/v1/sources/refresh-all").then().log().ifValidationFails().statusCode(200);
        assertThat(jobCount()).isGreaterThan(jobs);
        TestSites.awaitIdle(id, Duration.ofSeconds(60));
        given().header("Origin", "https://allowed.example").contentType("application/json").body("{}")
                .post("/api/v1/sources/refresh-all").then().statusCode(200);
        TestSites.awaitIdle(id, Duration.ofSeconds(60));
    }

    @Test
    void a_key_header_replaces_the_json_content_type_rule() {
        given().header("X-API-Key", "anything").post("/api/v1/jobs/123e4567-e89b-12d3-a456-426614174000/cancel")
                .then().statusCode(404);
        given().contentType("application/problem+json").body("{}").post("/api/v1/jobs/123e4567-e89b-12d3-a456-426614174000/cancel")
                .then().statusCode(404);
    }

    private static int jobCount() {
        return given().get("/api/v1/jobs").path("total");
    }

}
