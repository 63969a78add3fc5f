package io.knowledgehub.api.http;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A request body is read as written: nothing after its JSON value, no fraction where a whole number goes. */
@QuarkusTest
class StrictJsonResourceTest {

    @Test
    void a_body_with_something_after_its_json_value_is_refused() {
        given().contentType("application/json").body("{\"query\":\"vacuum\"}{\"query\":\"analyze\"}").post("/api/v1/search").then()
                .statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("more than one JSON value"))
                .body("detail", containsString("line 1, column 19"));
        given().contentType("application/json").body("{\"query\":\"vacuum\"} trailing").post("/api/v1/search").then()
                .statusCode(400).body("title", equalTo("Malformed JSON")).body("detail", containsString("column 20"));
        // white space after the value is not a second value
        given().contentType("application/json").body("{\"query\":\"vacuum\"}\n  \n").post("/api/v1/search").then().statusCode(200);
    }

    @Test
    void a_fraction_where_a_whole_number_goes_is_refused_not_cut_and_a_whole_number_with_a_point_is_read() {
        given().contentType("application/json").body("{\"query\":\"vacuum\",\"limit\":1.5}").post("/api/v1/search").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("limit"))
                .body("detail", containsString("\"limit\" must be a whole number"));
        for (String big : new String[] {"1e12", "4294967296"}) {
            given().contentType("application/json").body("{\"query\":\"vacuum\",\"offset\":" + big + "}").post("/api/v1/search").then()
                    .statusCode(400).body("field", equalTo("offset"))
                    .body("detail", containsString("\"offset\" must be a whole number from -2147483648 to 2147483647"));
        }
        // a whole number is one, however written
        given().contentType("application/json").body("{\"query\":\"vacuum\",\"limit\":2.0}").post("/api/v1/search").then()
                .statusCode(200);
        given().contentType("application/json").body("{\"query\":\"vacuum\",\"limit\":2}").post("/api/v1/search").then()
                .statusCode(200);
    }

    @Test
    void a_key_written_twice_is_refused_rather_than_the_last_one_winning() {
        given().contentType("application/json").body("{\"query\":\"vacuum\",\"query\":\"analyze\"}").post("/api/v1/search").then()
                .statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("Duplicate field 'query'"));
    }

    @Test
    void a_number_or_boolean_where_text_goes_is_refused_rather_than_turned_into_text() {
        for (String value : new String[] {"123", "1.5", "true"}) {
            given().contentType("application/json").body("{\"query\":" + value + "}").post("/api/v1/search").then()
                    .statusCode(400).contentType("application/problem+json").body("field", equalTo("query"))
                    .body("detail", equalTo("Field \"query\" must be a string (text in double quotes)."));
        }
        given().contentType("application/json").body("{\"name\":42,\"base_url\":\"http://127.0.0.1:9/\"}").post("/api/v1/sources")
                .then().statusCode(400).body("field", equalTo("name"));
    }
}
