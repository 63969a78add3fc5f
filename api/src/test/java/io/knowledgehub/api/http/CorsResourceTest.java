package io.knowledgehub.api.http;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** CORS_ORIGINS is https://allowed.example in the tests. */
@QuarkusTest
class CorsResourceTest {

    @Test
    void answers_a_preflight_from_an_allowed_origin() {
        given().header("Origin", "https://allowed.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key, content-type")
                .options("/api/v1/search").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://allowed.example")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", "X-API-Key, Authorization, Content-Type")
                .header("Access-Control-Max-Age", "600").header("Vary", containsString("Origin"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void refuses_a_preflight_from_any_other_origin_without_cors_headers() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "DELETE")
                .options("/api/v1/sources/x").then().statusCode(403).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue()).header("Access-Control-Allow-Methods", nullValue())
                .body("detail", containsString("CORS_ORIGINS"));
        given().header("Origin", "null").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/search").then().statusCode(403);
    }

    @Test
    void lets_an_allowed_origin_read_answers_and_no_other() {
        given().header("Origin", "https://allowed.example").get("/api/v1/sources").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://allowed.example").header("Vary", containsString("Origin"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
        given().header("Origin", "https://allowed.example:8443").get("/api/v1/sources").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").get("/api/v1/sources").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().get("/api/v1/sources").then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void origins_compare_by_scheme_host_and_port() {
        Origins origins = new Origins(java.util.List.of("https://Allowed.example/", " http://a.test:8080 "));
        org.assertj.core.api.Assertions.assertThat(origins.listed("https://allowed.example")).isTrue();
        org.assertj.core.api.Assertions.assertThat(origins.listed("https://allowed.example:443")).isTrue();
        org.assertj.core.api.Assertions.assertThat(origins.listed("http://allowed.example")).isFalse();
        org.assertj.core.api.Assertions.assertThat(origins.listed("http://a.test:8080")).isTrue();
        org.assertj.core.api.Assertions.assertThat(origins.listed("http://a.test")).isFalse();
        org.assertj.core.api.Assertions.assertThat(new Origins(java.util.List.of("*")).listed("https://x.example")).isTrue();
        given().header("Origin", "https://allowed.example").header("Access-Control-Request-Method", "GET")
                .options("/health").then().statusCode(204).header("Access-Control-Allow-Origin", equalTo("https://allowed.example"));
    }
}
