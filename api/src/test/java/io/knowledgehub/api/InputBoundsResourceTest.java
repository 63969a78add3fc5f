package io.knowledgehub.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The documented input bounds (docs/security-limits.md): each a 400 (or 413) problem naming the bound, never a 500. */
@QuarkusTest
class InputBoundsResourceTest {

    private static final String BASE = "http://127.0.0.1:9/docs/";

    @Test
    void a_description_over_2000_characters_is_refused_on_create_and_patch() {
        given().contentType("application/json")
                .body(Map.of("name", uniqueName("Long"), "base_url", BASE, "description", "d".repeat(2001)))
                .post("/api/v1/sources").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("description")).body("detail", containsString("at most 2000"));
        String id = given().contentType("application/json")
                .body(Map.of("name", uniqueName("Short"), "base_url", BASE, "description", "d".repeat(2000)))
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");
        given().contentType("application/json").body(Map.of("description", "d".repeat(5000)))
                .patch("/api/v1/sources/" + id).then().statusCode(400).body("field", equalTo("description"));
        given().contentType("application/json").body(Map.of("name", "bad\u0000name"))
                .patch("/api/v1/sources/" + id).then().statusCode(400).body("field", equalTo("name"))
                .body("detail", containsString("U+0000"));
        given().delete("/api/v1/sources/" + id).then().statusCode(204);
    }

    @Test
    void a_refresh_body_may_be_null_but_not_anything_else() {
        String id = given().contentType("application/json").body(Map.of("name", uniqueName("Refresh"), "base_url", BASE))
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");
        given().contentType("application/json").body("null").post("/api/v1/sources/" + id + "/refresh")
                .then().statusCode(200).body("force_refresh", equalTo(false));
        given().contentType("application/json").body("[true]").post("/api/v1/sources/" + id + "/refresh")
                .then().statusCode(400).body("detail", containsString("not a JSON array"));
        given().contentType("application/json").body("{\"force_refresh\": \"yes\"}").post("/api/v1/sources/" + id + "/refresh")
                .then().statusCode(400).body("field", equalTo("force_refresh"));
        given().contentType("application/json").body("{\"force\": true}").post("/api/v1/sources/refresh-all")
                .then().statusCode(400).body("field", equalTo("force"));
        given().delete("/api/v1/sources/" + id).then().statusCode(204);
    }

    @Test
    void paging_has_a_window_and_numbers_must_be_numbers() {
        given().get("/api/v1/sources?limit=abc").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("limit")).body("detail", equalTo("limit must be a whole number, not \"abc\"."));
        given().get("/api/v1/jobs?offset=99999&limit=1000").then().statusCode(400).body("field", equalTo("offset"))
                .body("detail", containsString("at most 100000"));
        given().get("/api/v1/documents?offset=99000&limit=1000").then().statusCode(200);
        given().get("/api/v1/search?q=x&offset=995&limit=10").then().statusCode(400).body("field", equalTo("offset"))
                .body("detail", containsString("at most 1000"));
        given().get("/api/v1/search?q=x&limit=101").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void queries_are_bounded_in_characters_words_and_filter_values() {
        given().contentType("application/json").body(Map.of("query", "q".repeat(1001))).post("/api/v1/search")
                .then().statusCode(400).body("field", equalTo("query")).body("detail", containsString("at most 1000"));
        given().contentType("application/json").body(Map.of("query", String.join(" ", Collections.nCopies(65, "w"))))
                .post("/api/v1/search").then().statusCode(400).body("detail", containsString("at most 64"));
        given().contentType("application/json").body(Map.of("query", "x", "filters",
                        Map.of("content_types", Collections.nCopies(101, "text/html"))))
                .post("/api/v1/search").then().statusCode(400).body("field", equalTo("filters.content_types"));
    }

    @Test
    void config_lists_are_bounded() {
        given().contentType("application/json").body(Map.of("name", uniqueName("Globs"), "base_url", BASE,
                        "config", Map.of("follow_patterns", Collections.nCopies(101, "/docs/**"))))
                .post("/api/v1/sources").then().statusCode(400).body("field", equalTo("config.follow_patterns"));
        given().contentType("application/json").body(Map.of("name", uniqueName("Glob"), "base_url", BASE,
                        "config", Map.of("exclude_patterns", List.of("/" + "a".repeat(2001)))))
                .post("/api/v1/sources").then().statusCode(400).body("field", equalTo("config.exclude_patterns[0]"));
    }

    @Test
    void a_body_over_one_mebibyte_is_a_413_problem_and_wrong_json_a_400_saying_where() {
        given().contentType("application/json").body("{\"query\": \"" + "x".repeat(1024 * 1024) + "\"}")
                .post("/api/v1/search").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 1 MiB"));
        given().contentType("application/json").body("{\"query\": \"x\",\n \"limit\": }").post("/api/v1/search")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("line 2"));
        given().contentType("application/json").body("{\"query\": \"x\", \"offset\": \"ten\"}").post("/api/v1/search")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("offset"))
                .body("detail", startsWith("Field \"offset\" has the wrong type"));
    }
}
