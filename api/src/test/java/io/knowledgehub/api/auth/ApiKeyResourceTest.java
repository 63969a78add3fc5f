package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(AuthOn.class)
class ApiKeyResourceTest {

    @Test
    void a_created_key_is_shown_once_listed_without_secret_used_and_revoked_at_once() {
        var created = Keys.admin().contentType("application/json").body(Map.of("name", "  CI search ", "scope", "read"))
                .post("/api/v1/keys");
        created.then().statusCode(201).header("Location", containsString("/api/v1/keys/"))
                .body("name", equalTo("CI search")).body("scope", equalTo("read")).body("created_at", notNullValue())
                .body("key", matchesPattern("kh_[A-Za-z0-9_-]{43}"));
        String id = created.path("id");
        String key = created.path("key");

        String listed = Keys.admin().get("/api/v1/keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains(id).doesNotContain(key).doesNotContain(ApiKeys.hash(key)).doesNotContain("\"key\"");
        Keys.admin().get("/api/v1/keys").then().body("keys.find { it.id == '" + id + "' }.last_used_at", nullValue())
                .body("keys.find { it.id == '" + id + "' }.revoked_at", nullValue());

        Keys.with(key).get("/api/v1/sources").then().statusCode(200);
        given().header("Authorization", "Bearer " + key).get("/api/v1/auth").then().statusCode(200)
                .body("authenticated", equalTo(true)).body("scope", equalTo("read")).body("key_id", equalTo(id))
                .body("key_name", equalTo("CI search"));
        Keys.admin().get("/api/v1/keys").then().body("keys.find { it.id == '" + id + "' }.last_used_at", notNullValue());

        Keys.revoke(id);
        Keys.with(key).get("/api/v1/sources").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"KnowledgeHub\"").body("detail", equalTo("This API key has been revoked."));
        Keys.admin().get("/api/v1/keys").then().body("keys.find { it.id == '" + id + "' }.revoked_at", notNullValue());
        given().header("X-API-Key", key).get("/api/v1/auth").then().statusCode(200).body("authenticated", equalTo(false));
    }

    @Test
    void a_read_key_cannot_change_anything_or_manage_keys() {
        String key = Keys.create("reader", "read")[1];
        Keys.with(key).contentType("application/json").body(Map.of("name", "x", "base_url", "http://127.0.0.1:1/"))
                .post("/api/v1/sources").then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("This key has the read scope; POST /api/v1/sources needs an admin key."));
        Keys.with(key).get("/api/v1/keys").then().statusCode(403);
        Keys.with(key).contentType("application/json").body(Map.of("query", "anything")).post("/api/v1/search").then().statusCode(200);
    }

    @Test
    void the_bootstrap_key_is_an_admin_key_and_both_headers_work() {
        given().header("Authorization", "Bearer " + AuthOn.ADMIN_KEY).get("/api/v1/auth").then().statusCode(200)
                .body("auth_enabled", equalTo(true)).body("authenticated", equalTo(true)).body("scope", equalTo("admin"))
                .body("key_id", equalTo("bootstrap"));
        Keys.admin().get("/api/v1/keys").then().statusCode(200);
        given().header("X-API-Key", AuthOn.ADMIN_KEY + "x").get("/api/v1/keys").then().statusCode(401)
                .body("detail", equalTo("Unknown API key."));
        given().get("/api/v1/keys").then().statusCode(401)
                .body("detail", equalTo("Send an API key in the X-API-Key header or as Authorization: Bearer <key>."));
        given().get("/api/v1/auth").then().statusCode(200).body("authenticated", equalTo(false)).body("scope", nullValue());
    }

    @Test
    void rejects_invalid_key_requests_with_400() {
        Keys.admin().contentType("application/json").body(Map.of("name", "", "scope", "read")).post("/api/v1/keys")
                .then().statusCode(400).body("field", equalTo("name"));
        Keys.admin().contentType("application/json").body(Map.of("name", "x".repeat(101), "scope", "read")).post("/api/v1/keys")
                .then().statusCode(400).body("field", equalTo("name")).body("detail", containsString("at most 100"));
        Keys.admin().contentType("application/json").body(Map.of("name", "x".repeat(100), "scope", "admin")).post("/api/v1/keys")
                .then().statusCode(201);
        Keys.admin().contentType("application/json").body(Map.of("name", "x", "scope", "owner")).post("/api/v1/keys")
                .then().statusCode(400).body("field", equalTo("scope"));
        Keys.admin().contentType("application/json").body(Map.of("name", "x")).post("/api/v1/keys")
                .then().statusCode(400).body("field", equalTo("scope"));
        Keys.admin().contentType("application/json").body("null").post("/api/v1/keys").then().statusCode(400);
        Keys.admin().contentType("application/json").body(Map.of("name", "x", "scope", "read", "key", "mine")).post("/api/v1/keys")
                .then().statusCode(400);
        Keys.admin().delete("/api/v1/keys/123e4567-e89b-12d3-a456-426614174000").then().statusCode(404);
    }

    @Test
    void health_shows_only_the_status_without_a_key() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy")).body("timestamp", notNullValue())
                .body("services", nullValue());
        Keys.admin().get("/health").then().statusCode(200).body("services.database", equalTo("operational"));
        given().get("/health/database").then().statusCode(401);
        Keys.admin().get("/health/database").then().statusCode(200);
        // the readiness probe and KEDA's queue counts work without a key; the probe shows no components then
        given().get("/health/ready").then().statusCode(200).body("status", equalTo("healthy")).body("services", nullValue());
        Keys.with(Keys.create("probe-reader", "read")[1]).get("/health/ready").then().statusCode(200).body("services.database", equalTo("operational"));
        given().get("/health/job_queue").then().statusCode(200).body("service", equalTo("job_queue"));
    }

    @Test
    void metrics_need_a_read_key_and_docs_are_open() {
        given().get("/metrics").then().statusCode(401);
        Keys.with(Keys.create("metrics", "read")[1]).get("/metrics").then().statusCode(200);
        given().get("/openapi").then().statusCode(200);
        given().get("/docs/").then().statusCode(200);
        given().get("/").then().statusCode(200);
        given().get("/ui/app.js").then().statusCode(200);
    }
}
