package io.knowledgehub.api.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class SecurityHeadersResourceTest {

    private static final String UI_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Test
    void every_kind_of_response_carries_the_headers() {
        assertBase(given().get("/api/v1/sources"), 200);
        assertBase(given().get("/api/v1/sources/nope"), 404);
        assertBase(given().get("/no/such/path"), 404);
        assertBase(given().get("/ui/no-such-file.js"), 404);
        assertBase(given().queryParam("limit", "0").get("/api/v1/sources"), 400);
        assertBase(given().contentType("text/plain").post("/api/v1/index/rebuild"), 415);
        assertBase(given().get("/health"), 200);
        assertBase(given().get("/metrics"), 200);
        assertBase(given().get("/openapi"), 200);
        assertThat(given().get("/api/v1/sources").header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void the_web_ui_gets_a_strict_policy_without_inline_script() {
        for (String path : new String[]{"/", "/index.html", "/ui/app.js", "/ui/app.css", "/ui/favicon.svg"}) {
            Response r = given().get(path);
            assertBase(r, 200);
            assertThat(r.header("Content-Security-Policy")).as(path).isEqualTo(UI_CSP);
        }
    }

    @Test
    void swagger_ui_gets_what_its_page_needs() {
        Response r = given().get("/docs/");
        assertBase(r, 200);
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self' 'unsafe-inline'", "frame-ancestors 'none'",
                "object-src 'none'");
    }

    @Test
    void hsts_only_over_https() {
        assertThat(given().get("/api/v1/sources").header("Strict-Transport-Security")).isNull();
        assertThat(given().get("/").header("Strict-Transport-Security")).isNull();
        assertThat(given().header("X-Forwarded-Proto", "https").get("/api/v1/sources").header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(given().header("X-Forwarded-Proto", "https").get("/missing").header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
    }

    private static void assertBase(Response r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }
}
