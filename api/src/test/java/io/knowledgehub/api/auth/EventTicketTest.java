package io.knowledgehub.api.auth;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(AuthOn.class)
class EventTicketTest {

    /** HTTP/1.1: each event stream hung up on closes its own connection, not one the next call shares (HTTP/2). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_ticket_opens_the_job_event_stream_and_nothing_else() throws Exception {
        String[] key = Keys.create("events", "read");
        String ticket = Keys.with(key[1]).contentType("application/json").post("/api/v1/auth/event-ticket")
                .then().statusCode(200).body("ticket", notNullValue()).body("expires_in", equalTo(60)).extract().path("ticket");

        assertThat(events(ticket)).isEqualTo(200);
        assertThat(events(null)).isEqualTo(401);
        given().queryParam("ticket", ticket).get("/api/v1/sources").then().statusCode(401);
        given().queryParam("ticket", ticket).get("/api/v1/jobs").then().statusCode(401);
        given().queryParam("ticket", ticket).get("/api/v1/jobs/events/x").then().statusCode(401);
    }

    /** security.md: the access log keeps paths without query strings, where tickets and search text travel. */
    @Test
    void the_access_log_keeps_paths_and_times_but_no_ticket_or_query() throws Exception {
        String ticket = Keys.admin().contentType("application/json").post("/api/v1/auth/event-ticket").path("ticket");
        assertThat(events(ticket)).isEqualTo(200);
        String word = "quill" + Long.toHexString(System.nanoTime());
        Keys.admin().queryParam("q", word).get("/api/v1/search").then().statusCode(200);
        String secretPart = ticket.substring(ticket.lastIndexOf('.') + 1);
        String log = "";
        for (int i = 0; i < 50 && !log.contains("/api/v1/search"); i++) {
            Thread.sleep(100); // the access log is written after the answer
            log = java.nio.file.Files.exists(AuthOn.ACCESS_LOG) ? java.nio.file.Files.readString(AuthOn.ACCESS_LOG) : "";
        }
        assertThat(log).contains("\"GET /api/v1/jobs/events HTTP/1.1\" 200").contains("\"GET /api/v1/search HTTP/1.1\" 200")
                .doesNotContain(secretPart).doesNotContain(word).doesNotContain("ticket=");
        // the last field is the request's milliseconds, not "-"
        String searchLine = log.lines().filter(l -> l.contains("/api/v1/search")).reduce((a, b) -> b).orElseThrow();
        assertThat(searchLine).matches(".* \\d+$");
    }

    @Test
    void refuses_forged_expired_and_revoked_tickets() throws Exception {
        String[] key = Keys.create("events", "read");
        String ticket = Keys.with(key[1]).contentType("application/json").post("/api/v1/auth/event-ticket").path("ticket");

        String forged = ticket.substring(0, ticket.lastIndexOf('.') + 1) + "AAAA" + ticket.substring(ticket.lastIndexOf('.') + 5);
        assertThat(events(forged)).isEqualTo(401);
        String otherKey = "bootstrap" + ticket.substring(ticket.indexOf('.'));
        assertThat(events(otherKey)).isEqualTo(401);
        assertThat(events("garbage")).isEqualTo(401);

        Clock hourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        byte[] secret = EventTickets.secret(java.util.Optional.of(AuthOn.SECRET), java.util.Optional.empty());
        String expired = new EventTickets(secret, Duration.ofSeconds(60), hourAgo).issue(key[0]);
        assertThat(events(expired)).isEqualTo(401);
        String fresh = new EventTickets(secret, Duration.ofSeconds(60), Clock.systemUTC()).issue(key[0]);
        assertThat(events(fresh)).as("the same ticket made now is accepted").isEqualTo(200);

        Keys.revoke(key[0]);
        assertThat(events(ticket)).isEqualTo(401);
    }

    @Test
    void the_bootstrap_key_gets_tickets_too() throws Exception {
        String ticket = Keys.admin().contentType("application/json").post("/api/v1/auth/event-ticket").path("ticket");
        assertThat(ticket).startsWith("bootstrap.");
        assertThat(events(ticket)).isEqualTo(200);
        given().contentType("application/json").post("/api/v1/auth/event-ticket").then().statusCode(401);
    }

    private int events(String ticket) throws Exception {
        String query = ticket == null ? "" : "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs/events" + query))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }
}
