package io.knowledgehub.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
        given().get("/api/v1/sources?offset=99999999999").then().statusCode(400).body("field", equalTo("offset"))
                .body("detail", startsWith("offset 99999999999 is out of range: at most 2147483647"));
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

    @Test
    void a_body_over_one_mebibyte_sent_without_a_length_is_the_same_413_problem() throws Exception {
        byte[] body = ("{\"name\": \"" + "x".repeat(1024 * 1024 + 10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            // a body from a stream has no known length: it goes chunked
            r = http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/sources"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)).contentLength())
                .as("a body of unknown length, sent chunked").isEqualTo(-1);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"status\":413").contains("at most 1 MiB (1048576 bytes) are accepted");
    }

    @Test
    void search_filters_refuse_null_ids_and_dates_beyond_year_9999() {
        given().contentType("application/json").body("{\"query\": \"x\", \"filters\": {\"source_ids\": [null]}}")
                .post("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("filters.source_ids[0]")).body("detail", containsString("is null"));
        given().contentType("application/json").body("{\"query\": \"x\", \"filters\": {\"source_ids\": [\" \"]}}")
                .post("/api/v1/search").then().statusCode(400).body("field", equalTo("filters.source_ids[0]"))
                .body("detail", containsString("is blank"));
        for (String date : List.of("+999999999-12-31", "-999999999-01-01", "+1000000000-01-01T00:00:00Z", "+10000-01-01")) {
            for (String field : List.of("date_from", "date_to")) {
                given().contentType("application/json").body(Map.of("query", "x", "filters", Map.of(field, date)))
                        .post("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                        .body("field", equalTo("filters." + field))
                        .body("detail", containsString("use a date from 0000-01-01 to 9999-12-31"));
            }
        }
        given().queryParam("q", "x").queryParam("date_to", "+999999999-12-31").get("/api/v1/search").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("date_to"))
                .body("detail", containsString("out of range"));
        given().contentType("application/json").body(Map.of("query", "x", "filters",
                Map.of("date_from", "0000-01-01", "date_to", "9999-12-31"))).post("/api/v1/search").then().statusCode(200);
    }

    @Test
    void raw_chunks_in_a_query_string_is_true_or_false() {
        given().get("/api/v1/search?q=x&raw_chunks=maybe").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("raw_chunks")).body("detail", equalTo("raw_chunks must be true or false, not \"maybe\"."));
        given().get("/api/v1/search?q=x&raw_chunks=true").then().statusCode(200);
        given().get("/api/v1/search?q=x&raw_chunks=").then().statusCode(200);
    }

    @Test
    void a_chunk_refuses_null_numbers_metadata_that_is_no_object_and_negative_token_counts() {
        String doc = "123e4567-e89b-12d3-a456-426614174000";
        given().contentType("application/json").body("{\"document_id\": \"" + doc + "\", \"chunk_index\": 0, "
                        + "\"content\": \"x\", \"embedding\": [null, 0.05]}")
                .post("/api/v1/chunks").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("embedding[0]")).body("detail", equalTo("embedding[0] must be a number, not null."));
        given().contentType("application/json").body("{\"document_id\": \"" + doc + "\", \"chunk_index\": 0, "
                        + "\"content\": \"x\", \"embedding\": [null, null]}")
                .post("/api/v1/chunks").then().statusCode(400).body("field", equalTo("embedding[0]"));
        given().contentType("application/json").body(Map.of("document_id", doc, "chunk_index", 0, "content", "x",
                        "embedding", List.of(0.5, 0.05), "metadata", "x"))
                .post("/api/v1/chunks").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("metadata")).body("detail", containsString("must be a JSON object"));
        given().contentType("application/json").body(Map.of("document_id", doc, "chunk_index", 0, "content", "x",
                        "embedding", List.of(0.5, 0.05), "metadata", Map.of("token_count", -5)))
                .post("/api/v1/chunks").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("metadata.token_count")).body("detail", containsString("0 or more, not -5"));
    }
}
