package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The load {@code bench-http --client wrk} sends and the figures it reads back, against a real loopback server that
 * counts what it receives and answers one of the queries with an error.
 */
class WrkLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void wrk_sends_every_query_as_a_search_and_its_counts_match_what_the_server_answered() throws Exception {
        assumeTrue(WrkLoad.available(), "wrk is not installed (apt-get install wrk)");
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String query = body.path("query").asText();
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.path("search_type").asText() + " "
                    + body.path("limit").asInt() + " " + query;
            received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            boolean fail = query.equals("make it fail");
            byte[] out = (fail ? "{\"error\":\"no\"}" : "{\"results\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
            (fail ? failed : answered).incrementAndGet();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            List<String> queries = List.of("vacuum", "how do I \"quote\" a name?", "make it fail");

            HttpLoad.Summary summary = WrkLoad.searches(base, queries, "hybrid", 2, 2);

            // every request was a search with one of the queries, as the app's API takes it
            assertThat(received.keySet()).containsExactlyInAnyOrder(
                    "POST /api/v1/search application/json hybrid 10 vacuum",
                    "POST /api/v1/search application/json hybrid 10 how do I \"quote\" a name?",
                    "POST /api/v1/search application/json hybrid 10 make it fail");
            int served = answered.get() + failed.get();
            // wrk counts the responses it got within its time; the server may have answered a request or two
            // (one per connection) that wrk stopped waiting for
            assertThat(summary.requests()).isPositive().isBetween(served - 2, served);
            // each connection sends the queries in turn, so a third of them fail
            assertThat(summary.errors()).isBetween(summary.requests() / 3 - 2, summary.requests() / 3 + 2);
            assertThat(summary.perSecond()).isBetween(summary.requests() / 2.5, summary.requests() / 1.5);
            assertThat(summary.p50()).isPositive().isLessThanOrEqualTo(summary.p95());
            assertThat(summary.p95()).isLessThanOrEqualTo(summary.p99());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void the_script_holds_each_query_once_as_a_json_body() throws Exception {
        String lua = WrkLoad.script(List.of("vacuum", "a \"quoted\" word"), "keyword");
        assertThat(lua).contains("[==[" + JSON.writeValueAsString(Map.of("query", "vacuum", "search_type", "keyword", "limit", 10)) + "]==]")
                .contains("[==[" + JSON.writeValueAsString(Map.of("query", "a \"quoted\" word", "search_type", "keyword", "limit", 10)) + "]==]")
                .contains("wrk-summary requests=");
    }
}
