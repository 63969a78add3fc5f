package io.knowledgehub.api.http;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Endpoints that take no body refuse one instead of ignoring it; an empty object is no body. */
@QuarkusTest
class NoBodyResourceTest {

    @Test
    void a_rebuild_asked_for_another_model_in_a_body_is_refused_and_says_where_the_model_is_set() {
        given().contentType("application/json").body("{\"model\": \"bge-small-en-v1.5\"}").post("/api/v1/index/rebuild").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("POST /api/v1/index/rebuild takes no request body (this one has 30 bytes)"))
                .body("detail", containsString("KH_EMBEDDINGS_MODEL"));
    }

    @Test
    void job_actions_and_the_reconcile_refuse_a_body_and_take_none_or_an_empty_object() {
        given().contentType("application/json").body("{\"reason\": \"stuck\"}").post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(400).body("detail", containsString("/cancel takes no request body"));
        given().contentType("application/json").body("{\"force\": true}").post("/api/v1/index/reconcile").then().statusCode(400);
        for (String none : new String[] {"{}", "{ }", "{}\n", "null"}) {
            given().contentType("application/json").body(none).post("/api/v1/index/reconcile").then().statusCode(200);
        }
        given().contentType("application/json").body("{\"a\":1}").post("/api/v1/index/reconcile").then().statusCode(400);
        given().contentType("application/json").post("/api/v1/index/reconcile").then().statusCode(200);
        // a job that does not exist is still a 404, with or without the empty object
        given().contentType("application/json").body("{}").post("/api/v1/jobs/" + UUID.randomUUID() + "/retry").then().statusCode(404);
    }
}
