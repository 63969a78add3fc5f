package io.knowledgehub.api.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class HealthResourceTest {

    @Test
    void health_names_each_component_in_use() {
        given().get("/health").then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("timestamp", greaterThan(1.6e9f))
                .body("services.api", equalTo("operational"))
                .body("services.database", equalTo("operational"))
                .body("services.job_queue", equalTo("operational"))
                .body("services.crawler", equalTo("operational"))
                .body("services", not(hasKey("redis")))
                .body("services", not(hasKey("weaviate")));
    }

    @Test
    void readiness_checks_only_what_a_search_needs() {
        given().get("/health/ready").then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("services.api", equalTo("operational"))
                .body("services.database", equalTo("operational"))
                .body("services.search_index", equalTo("operational"))
                .body("services", not(hasKey("job_queue")));
        given().get("/health/job_queue").then().statusCode(200)
                .body("details.crawl_pending", notNullValue())
                .body("details.crawl_processing", notNullValue())
                .body("details.rag_processing", notNullValue());
    }

    @Test
    void component_health_has_details_and_unused_components_are_404() {
        given().get("/health/database").then().statusCode(200)
                .body("service", equalTo("database")).body("status", equalTo("operational"))
                .body("details.product", equalTo("H2"));
        given().get("/health/redis").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("redis"));
    }

    @Test
    void metrics_count_requests_by_route_template() {
        given().get("/api/v1/sources/123e4567-e89b-12d3-a456-426614174000").then().statusCode(404);
        given().get("/api/v1/sources").then().statusCode(200);
        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("api_requests_total{method=\"GET\",route=\"/api/v1/sources/{id}\",status_code=\"404\"}")
                .contains("api_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/sources\",status_code=\"200\"")
                .doesNotContain("route=\"/api/v1/sources/123e4567");
    }

    @Test
    void metrics_keep_counting_a_label_set() {
        String labels = "{method=\"GET\",route=\"/api/v1/documents/{id}\",status_code=\"404\"}";
        String before = given().get("/metrics").then().statusCode(200).extract().asString();
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/documents/123e4567-e89b-12d3-a456-426614174000").then().statusCode(404);
        }
        String after = given().get("/metrics").then().statusCode(200).extract().asString();
        // the meters of a label set are kept after its first request, and every later request still counts
        org.assertj.core.api.Assertions.assertThat(value(after, "api_requests_total" + labels))
                .isEqualTo(value(before, "api_requests_total" + labels) + 3);
        org.assertj.core.api.Assertions.assertThat(value(after, "api_request_duration_seconds_count" + labels))
                .isEqualTo(value(before, "api_request_duration_seconds_count" + labels) + 3);
    }

    /** The value of the series {@code series} in a Prometheus scrape; 0 when it is not there. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip())).orElse(0.0);
    }

    @Test
    void openapi_and_swagger_ui_are_served() {
        given().get("/openapi").then().statusCode(200).body(containsString("/api/v1/sources/{id}/refresh"));
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void unknown_endpoints_are_problem_json() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
