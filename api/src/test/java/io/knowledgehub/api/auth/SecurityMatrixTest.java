package io.knowledgehub.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the OpenAPI document (read at test time, so a new endpoint cannot be forgotten), plus the ones
 * outside it, called with no key, a read key, an admin key and a revoked key. The expected scopes are written down
 * here from the contract, not taken from the code under test.
 */
@QuarkusTest
@TestProfile(AuthOn.class)
class SecurityMatrixTest {

    /**
     * HTTP/1.1: over the h2c upgrade the client's default HTTP/2 shares one connection between the calls, and hanging up
     * on the job event stream could get it closed under the next call ("Idle connection closed by HTTP/2 peer").
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SOME_ID = "123e4567-e89b-12d3-a456-426614174000";

    @TestHTTPResource("/")
    URI base;

    enum Needs { NOTHING, READ, ADMIN }

    record Endpoint(String method, String path) {
        Needs needs() {
            boolean get = method.equals("GET") || method.equals("HEAD");
            if (get && Set.of("/health", "/health/ready", "/health/job_queue", "/health/api", "/api/v1/auth", "/openapi", "/docs/", "/", "/index.html", "/ui/app.js",
                    "/.well-known/live", "/.well-known/ready").contains(path)) {
                return Needs.NOTHING;
            }
            if (path.startsWith("/api/v1/keys")) {
                return Needs.ADMIN;
            }
            if (get) {
                return Needs.READ;
            }
            if (method.equals("POST") && Set.of("/api/v1/search", "/api/v1/embeddings", "/api/v1/auth/event-ticket", "/vectors")
                    .contains(path)) {
                return Needs.READ;
            }
            return Needs.ADMIN;
        }
    }

    /** The Helm chart's liveness and startup probes GET /health/api, and kubelet sends no key. */
    @Test
    void the_api_component_health_the_probes_use_answers_without_a_key_and_the_others_do_not() {
        io.restassured.RestAssured.given().get("/health/api").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("operational")).body("details", org.hamcrest.Matchers.nullValue());
        Keys.admin().get("/health/api").then().statusCode(200).body("details", org.hamcrest.Matchers.notNullValue());
        io.restassured.RestAssured.given().get("/health/database").then().statusCode(401);
    }

    @Test
    void every_endpoint_answers_each_kind_of_key_as_the_contract_says() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).hasSizeGreaterThan(25)
                .contains(new Endpoint("POST", "/api/v1/index/rebuild"), new Endpoint("POST", "/api/v1/index/reconcile"),
                        new Endpoint("DELETE", "/api/v1/keys/" + SOME_ID));
        String read = Keys.create("matrix read", "read")[1];
        String admin = Keys.create("matrix admin", "admin")[1];
        String[] revoked = Keys.create("matrix revoked", "admin");
        Keys.revoke(revoked[0]);

        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            check(wrong, e, "no key", null, e.needs() == Needs.NOTHING ? Set.of() : Set.of(401));
            check(wrong, e, "read key", read, e.needs() == Needs.ADMIN ? Set.of(403) : Set.of());
            check(wrong, e, "admin key", admin, Set.of());
            check(wrong, e, "bootstrap key", AuthOn.ADMIN_KEY, Set.of());
            check(wrong, e, "revoked key", revoked[1], e.needs() == Needs.NOTHING ? Set.of() : Set.of(401));
        }
        assertThat(wrong).isEmpty();
    }

    /** {@code expected} empty: any answer but 401, 403 or 5xx; else exactly one of those. */
    private void check(List<String> wrong, Endpoint e, String who, String key, Set<Integer> expected) throws Exception {
        int status = call(e, key);
        boolean ok = expected.isEmpty() ? status != 401 && status != 403 && status < 500 : expected.contains(status);
        if (!ok) {
            wrong.add(e.method() + " " + e.path() + " with " + who + ": " + status + (expected.isEmpty() ? "" : ", expected " + expected));
        }
    }

    private int call(Endpoint e, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(e.path())).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (Set.of("POST", "PUT", "PATCH").contains(e.method())) {
            b.header("Content-Type", "application/json").method(e.method(), HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        // the job event stream never ends: read the status line and hang up
        HttpResponse<InputStream> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException closedMeanwhile) {
            // a kept-alive connection the server closed as the call went out: the answer is what is checked, not the
            // connection, so the call goes again once, on a new one
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        r.body().close();
        return r.statusCode();
    }

    private List<Endpoint> endpoints() throws Exception {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(base.resolve("/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = new ObjectMapper().readTree(doc.body()).get("paths");
        List<Endpoint> out = new ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "patch", "delete", "head").contains(method)) {
                out.add(new Endpoint(method.toUpperCase(Locale.ROOT), p.getKey().replaceAll("\\{[^}]+}", SOME_ID)));
            }
        }));
        // served outside the JAX-RS resources, so not in the document
        for (String path : List.of("/metrics", "/openapi", "/docs/", "/", "/index.html", "/ui/app.js")) {
            out.add(new Endpoint("GET", path));
        }
        return out;
    }
}
