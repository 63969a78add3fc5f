package io.knowledgehub.api.specsettings;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The contract's operational variables, set as an operator sets them: {@code METRICS_ENABLED=false} takes
 * {@code /metrics} away, {@code DEBUG=true} puts KnowledgeHub's own log lines at DEBUG, {@code SESSION_TIMEOUT} (seconds)
 * is how long an idle MCP session lasts.
 */
@QuarkusTest
@TestProfile(SpecSettingsTest.OperatorSettings.class)
class SpecSettingsTest {

    public static class OperatorSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:specsettings;DB_CLOSE_DELAY=-1",
                    "kh.data-dir", "target/spec-settings-test-data/" + System.nanoTime(),
                    "METRICS_ENABLED", "false",
                    "DEBUG", "true",
                    "SESSION_TIMEOUT", "120",
                    "WORKERS", "4");
        }
    }

    @Test
    void metrics_turned_off_are_not_served_and_say_how_to_turn_them_on() {
        given().get("/metrics").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("METRICS_ENABLED=true"));
        // Quarkus answers the scrape under any path below /metrics too
        for (String path : java.util.List.of("/metrics/", "/metrics/anything", "/metrics/a/b")) {
            given().get(path).then().statusCode(404).body("detail", containsString("METRICS_ENABLED"))
                    .body(org.hamcrest.Matchers.not(containsString("jvm_memory")));
        }
        // the rest of the app is there
        given().get("/health").then().statusCode(200);
        given().get("/api/v1/sources").then().statusCode(200);
    }

    @Test
    void debug_logs_knowledgehubs_own_lines_at_debug() {
        // set as a log category before logging started, not by a bean afterwards
        assertThat(ConfigProvider.getConfig().getValue("quarkus.log.category.\"io.knowledgehub\".level", String.class))
                .isEqualTo("DEBUG");
        assertThat(Logger.getLogger("io.knowledgehub.core.search.SearchService").isLoggable(Level.FINE)).isTrue();
        if (System.getenv("LOG_LEVEL") == null) {
            // the libraries underneath keep LOG_LEVEL's level (INFO unless the machine sets another)
            assertThat(Logger.getLogger("org.apache.lucene.index").isLoggable(Level.FINE)).isFalse();
        }
    }

    @Test
    void session_timeout_is_the_idle_time_of_mcp_sessions_in_seconds() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.mcp.server.connection-idle-timeout", Duration.class))
                .isEqualTo(Duration.ofSeconds(120));
    }
}
