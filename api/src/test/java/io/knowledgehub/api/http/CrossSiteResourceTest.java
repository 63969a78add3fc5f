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

    /**
     * DNS rebinding: a page whose host name was re-pointed to 127.0.0.1 sends same-origin requests (Origin equal to
     * Host) naming its own host; without keys the app answers only requests addressed to a loopback name.
     */
    @Test
    void requests_addressed_to_another_host_name_are_refused_while_auth_is_off() throws Exception {
        String rebound = "rebind.evil.example:" + base.getPort();
        String answer = raw("POST /api/v1/sources/refresh-all HTTP/1.1\r\nHost: " + rebound + "\r\nOrigin: http://" + rebound
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("'rebind.evil.example'").contains("KH_ALLOWED_HOSTS")
                .doesNotContain("job_ids");
        assertThat(raw("GET /api/v1/sources HTTP/1.1\r\nHost: " + rebound + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        // probes address the app by its pod's IP or another name: the health summary answers whatever the Host
        assertThat(raw("GET /health HTTP/1.1\r\nHost: probe.example:" + base.getPort() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        for (String host : new String[]{"localhost", "127.0.0.1", "127.1.2.3", "[::1]", "app.localhost"}) {
            assertThat(raw("GET /api/v1/sources HTTP/1.1\r\nHost: " + host + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n"))
                    .as(host).startsWith("HTTP/1.1 200");
        }
        assertThat(LocalHostOnlyHandler.loopbackHost("127.0.0.1.evil.example")).isFalse();
        assertThat(LocalHostOnlyHandler.loopbackHost("localhost.evil.example")).isFalse();
        assertThat(LocalHostOnlyHandler.hostName("[::1]:3000")).isEqualTo("[::1]");
        assertThat(LocalHostOnlyHandler.hostName("LocalHost.:3000")).isEqualTo("localhost");
    }

    /** One HTTP/1.1 exchange written by hand (HTTP clients set Host themselves); the answer's head and body. */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
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
