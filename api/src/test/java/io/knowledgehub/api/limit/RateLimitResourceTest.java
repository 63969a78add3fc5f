package io.knowledgehub.api.limit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client rate limits over HTTP, with small limits (5 API requests and 3 searches per 4-second window). Each
 * test is its own client: a client address of its own, sent as X-Forwarded-For (proxy address forwarding is on here
 * as in the cluster packaging; nothing is sent to those addresses). Windows are aligned on the clock, so a sequence
 * that happens to straddle a window's end is sent again rather than asserting on time.
 */
@QuarkusTest
@TestProfile(RateLimitResourceTest.SmallLimits.class)
class RateLimitResourceTest {

    static final int API = 5;
    static final int SEARCH = 3;
    static final int WINDOW_SECONDS = 4;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kh.rate-limit.api", Integer.toString(API), "kh.rate-limit.search", Integer.toString(SEARCH),
                    "kh.rate-limit.window", WINDOW_SECONDS + "s",
                    "quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /**
     * Who sends a request, as the limits tell clients apart. Addresses here; a client with an API key is a
     * {@code Client} whose request carries its key header.
     */
    record Client(String name, Function<RequestSpecification, RequestSpecification> identify) {
        RequestSpecification request() {
            return identify.apply(given());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Client newAddress() {
        String address = "198.51.100." + (CLIENTS.incrementAndGet() % 250 + 1);
        return new Client("address " + address, r -> r.header("X-Forwarded-For", address));
    }

    /** Pairs of distinct clients whose counts must not mix. */
    static Stream<Arguments> distinctClients() {
        return Stream.of(Arguments.of(newAddress(), newAddress()));
    }

    record Sequence(Client client, List<Response> answers) {
    }

    /** Lets a new client send its requests; again (as another new client) when a window ended in the middle. */
    private static Sequence inOneWindow(Function<Client, List<Response>> send) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Client client = newAddress();
            List<Response> answers = send.apply(client);
            if (oneWindow(answers)) {
                return new Sequence(client, answers);
            }
        }
        throw new AssertionError("no sequence of requests fitted in one window of " + WINDOW_SECONDS + " s");
    }

    private static List<Response> times(int n, java.util.function.Supplier<Response> request) {
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(request.get());
        }
        return out;
    }

    /** Whether no window ended during the answers: no count went back up, and the time to the reset never grew. */
    private static boolean oneWindow(List<Response> answers) {
        Map<String, Long> remaining = new java.util.HashMap<>();
        long reset = Long.MAX_VALUE;
        for (Response r : answers) {
            if (r.header("RateLimit-Remaining") == null) {
                return false;
            }
            long left = Long.parseLong(r.header("RateLimit-Remaining"));
            long resetIn = Long.parseLong(r.header("RateLimit-Reset"));
            Long before = remaining.put(r.header("RateLimit-Limit"), left);
            if ((before != null && left > before) || resetIn > reset) {
                return false;
            }
            reset = resetIn;
        }
        return true;
    }

    private static Response search(Client c) {
        return c.request().contentType("application/json").body(Map.of("query", "anything")).post("/api/v1/search");
    }

    @Test
    void counts_down_then_refuses_with_429_problem_and_headers() {
        List<Response> answers = inOneWindow(c -> times(API + 2, () -> c.request().get("/api/v1/sources"))).answers();
        for (int i = 0; i < API; i++) {
            Response r = answers.get(i);
            assertThat(r.statusCode()).as("request %d", i + 1).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).isEqualTo(Integer.toString(API));
            assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(API - 1 - i));
            assertThat(Integer.parseInt(r.header("RateLimit-Reset"))).isBetween(1, WINDOW_SECONDS);
            assertThat(r.header("Retry-After")).isNull();
        }
        for (Response over : answers.subList(API, API + 2)) {
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.contentType()).startsWith("application/problem+json");
            int retry = Integer.parseInt(over.header("Retry-After"));
            assertThat(retry).isBetween(1, WINDOW_SECONDS);
            assertThat(over.header("RateLimit-Limit")).isEqualTo(Integer.toString(API));
            assertThat(over.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(over.header("RateLimit-Reset")).isEqualTo(Integer.toString(retry));
            assertThat(over.jsonPath().getInt("status")).isEqualTo(429);
            assertThat(over.jsonPath().getString("title")).isEqualTo("Too Many Requests");
            assertThat(over.jsonPath().getString("detail")).isEqualTo("Rate limit of " + API + " requests per "
                    + WINDOW_SECONDS + " s exceeded for this client address; retry in " + retry + " s.");
        }
        assertThat(given().get("/metrics").asString()).containsPattern("api_rate_limited_total\\{limit=\"api\"} [1-9]")
                .contains("api_rate_limited_total{limit=\"search\"}")
                // the refused requests count as answered requests too: the dashboard's error rate sees them
                .containsPattern("api_requests_total\\{method=\"GET\",route=\"unrouted\",status_code=\"429\"} [1-9]")
                .doesNotContain("route=\"unrouted\",status_code=\"200\"");
    }

    @Test
    void searches_count_against_their_own_limit_whether_posted_or_got() {
        List<Response> answers = inOneWindow(c -> List.of(search(c), search(c), c.request().get("/api/v1/search?q=anything"),
                search(c), c.request().get("/api/v1/sources"))).answers();
        for (int i = 0; i < SEARCH; i++) {
            assertThat(answers.get(i).statusCode()).as("search %d", i + 1).isEqualTo(200);
            assertThat(answers.get(i).header("RateLimit-Limit")).isEqualTo(Integer.toString(SEARCH));
            assertThat(answers.get(i).header("RateLimit-Remaining")).isEqualTo(Integer.toString(SEARCH - 1 - i));
        }
        assertThat(answers.get(SEARCH).statusCode()).isEqualTo(429);
        assertThat(answers.get(SEARCH).jsonPath().getString("detail")).startsWith("Rate limit of " + SEARCH + " searches per");
        Response api = answers.get(SEARCH + 1);
        assertThat(api.statusCode()).as("API requests are counted apart from searches").isEqualTo(200);
        assertThat(api.header("RateLimit-Limit")).isEqualTo(Integer.toString(API));
        assertThat(api.header("RateLimit-Remaining")).isEqualTo(Integer.toString(API - 1));
    }

    @Test
    void a_search_with_matrix_parameters_in_its_path_counts_as_a_search() {
        List<Response> answers = inOneWindow(c -> List.of(search(c),
                c.request().urlEncodingEnabled(false).get("/api/v1/search;x=1?q=anything"),
                c.request().urlEncodingEnabled(false).get("/api;v=2/v1/search;a=b/?q=anything"),
                c.request().urlEncodingEnabled(false).get("/api/v1/search;x=1?q=anything"))).answers();
        for (int i = 0; i < SEARCH; i++) {
            assertThat(answers.get(i).statusCode()).as("search %d", i + 1).isEqualTo(200);
            assertThat(answers.get(i).header("RateLimit-Limit")).as("search %d", i + 1).isEqualTo(Integer.toString(SEARCH));
        }
        assertThat(answers.get(SEARCH).statusCode()).isEqualTo(429);
        assertThat(answers.get(SEARCH).jsonPath().getString("detail")).startsWith("Rate limit of " + SEARCH + " searches per");
    }

    @ParameterizedTest
    @MethodSource("distinctClients")
    void counts_each_client_apart(Client first, Client second) {
        for (int attempt = 0; ; attempt++) {
            List<Response> firsts = times(API + 1, () -> first.request().get("/api/v1/jobs"));
            Response other = second.request().get("/api/v1/jobs");
            if (!oneWindow(firsts) && attempt < 4) {
                continue; // the window ended in between, so the first client was not refused: again
            }
            assertThat(firsts.get(API).statusCode()).as(first + " past its limit").isEqualTo(429);
            assertThat(other.statusCode()).as(second + " has a count of its own").isEqualTo(200);
            assertThat(Integer.parseInt(other.header("RateLimit-Remaining"))).isGreaterThan(0);
            return;
        }
    }

    @Test
    void health_metrics_docs_inference_and_the_web_ui_are_not_counted() {
        Client client = newAddress();
        for (int i = 0; i < API + 2; i++) {
            for (String path : List.of("/health", "/metrics", "/", "/openapi", "/meta")) {
                Response r = client.request().get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.header("RateLimit-Limit")).as(path).isNull();
            }
        }
        Response api = client.request().get("/api/v1/sources");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.header("RateLimit-Limit")).isEqualTo(Integer.toString(API));
        Response mcp = client.request().contentType("application/json").body("{}").post("/mcp");
        assertThat(mcp.header("RateLimit-Limit")).as("an assistant's MCP call counts as an API request").isEqualTo(Integer.toString(API));
    }

    private static String mcpBatch(int messages, String method, String params) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= messages; i++) {
            batch.append(i == 1 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"")
                    .append(method).append("\"").append(params == null ? "" : ",\"params\":" + params).append("}");
        }
        return batch.append("]").toString();
    }

    private static Response mcp(Client c, String body) {
        return c.request().contentType("application/json").header("Accept", "application/json, text/event-stream").body(body).post("/mcp");
    }

    /**
     * The answer to one request that should pass a limit on its own, from a new client: sent again by another new
     * client when it was not refused (a window may end between counting a batch's first message and the rest).
     */
    private static Response refused(Function<Client, Response> send) {
        Response r = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            r = send.apply(newAddress());
            if (r.statusCode() == 429) {
                return r;
            }
        }
        return r;
    }

    @Test
    void each_message_of_an_mcp_batch_is_a_request_and_each_search_docs_call_a_search() {
        Response tooMany = refused(c -> mcp(c, mcpBatch(API + 1, "ping", null)));
        assertThat(tooMany.statusCode()).as("a batch of one message more than the API limit").isEqualTo(429);
        assertThat(tooMany.jsonPath().getString("detail")).startsWith("Rate limit of " + API + " requests per");
        Response legacy = refused(c -> c.request().contentType("application/json").body(mcpBatch(API + 1, "ping", null))
                .post("/mcp/messages/some-session"));
        assertThat(legacy.statusCode()).as("the same batch to the HTTP+SSE transport's message endpoint").isEqualTo(429);

        List<Response> fits = inOneWindow(c -> List.of(mcp(c, mcpBatch(API, "ping", null)), c.request().get("/api/v1/sources"))).answers();
        assertThat(fits.get(0).statusCode()).isNotEqualTo(429);
        assertThat(fits.get(0).header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(fits.get(1).statusCode()).as("the batch used up the API limit").isEqualTo(429);

        String search = "{\"name\":\"search_docs\",\"arguments\":{\"query\":\"anything\"}}";
        Response searches = refused(c -> mcp(c, mcpBatch(SEARCH + 1, "tools/call", search)));
        assertThat(searches.statusCode()).as("a batch of one search more than the search limit").isEqualTo(429);
        assertThat(searches.jsonPath().getString("detail")).startsWith("Rate limit of " + SEARCH + " searches per");

        // MCP searches and REST searches share the search limit
        List<Response> shared = inOneWindow(c -> List.of(mcp(c, mcpBatch(1, "tools/call", search)), search(c), search(c), search(c)))
                .answers();
        assertThat(shared.get(0).statusCode()).isNotEqualTo(429);
        assertThat(shared.get(0).header("RateLimit-Limit")).as("the headers of an MCP call are the API limit's")
                .isEqualTo(Integer.toString(API));
        assertThat(shared.get(1).statusCode()).isEqualTo(200);
        assertThat(shared.get(2).statusCode()).isEqualTo(200);
        assertThat(shared.get(3).statusCode()).isEqualTo(429);
    }

    @Test
    void a_refused_client_is_served_again_once_the_window_has_ended() throws Exception {
        Sequence s = inOneWindow(c -> times(API + 1, () -> c.request().get("/api/v1/sources")));
        Response refused = s.answers().get(API);
        assertThat(refused.statusCode()).isEqualTo(429);
        Thread.sleep(Long.parseLong(refused.header("Retry-After")) * 1000);
        Response again = s.client().request().get("/api/v1/sources");
        for (int i = 0; i < 3 && again.statusCode() == 429; i++) { // Retry-After is rounded; the window may end just after
            Thread.sleep(Long.parseLong(again.header("Retry-After")) * 1000);
            again = s.client().request().get("/api/v1/sources");
        }
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("RateLimit-Remaining")).isEqualTo(Integer.toString(API - 1));
    }
}
