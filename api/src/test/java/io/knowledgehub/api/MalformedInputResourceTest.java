package io.knowledgehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a few thousand generated, mostly malformed requests to every endpoint and method the OpenAPI document lists
 * (read at test time), and asserts that none is answered with a server error, that every refusal of an API request
 * is a problem+json, and that the app is healthy afterwards. The requests come from a seeded {@link Random}: a failure
 * names the seed and the request, and the same seed replays the same requests ({@code -Dmalformed-input.seed=...}).
 *
 * <p>Not sent: the live job event stream (it never ends). Endpoints that start work for everything (index rebuild,
 * refresh of all sources) are called a few times only; sources the run manages to create are removed at its end.
 */
@QuarkusTest
class MalformedInputResourceTest {

    private static final long SEED = Long.getLong("malformed-input.seed", 20_240_101L);
    private static final int REQUESTS = Integer.getInteger("malformed-input.requests", 2500);
    /** A body past the 1 MiB limit, to check the 413 answer. */
    private static final int OVER_LIMIT = 1024 * 1024 + 10;
    private static final Set<String> EXPENSIVE = Set.of("POST /api/v1/index/rebuild", "POST /api/v1/sources/refresh-all");
    private static final int EXPENSIVE_CALLS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** URI too long, headers too large: refused by the HTTP decoder before any route, with an empty body. */
    private static final Set<Integer> HTTP_CODEC_REFUSALS = Set.of(414, 431);
    /** The server's request-line limit (Vert.x's 4,096 bytes): a longer one is answered 414 and the connection closed. */
    private static final int MAX_REQUEST_LINE = 4096;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(SEED);

    record Operation(String method, String path, List<String> pathParams, List<String> queryParams, boolean hasBody,
                     List<String> fields) {
        String name() {
            return method + " " + path;
        }
    }

    @Test
    void no_generated_request_gets_a_server_error_and_the_app_stays_healthy() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).as("the endpoints listed by /openapi").hasSizeGreaterThan(20);
        List<String> failures = new ArrayList<>();
        List<String> created = new ArrayList<>();
        Map<String, Integer> expensiveCalls = new java.util.HashMap<>();
        int sent = 0;
        int lastStatus = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Operation op = operations.get(random.nextInt(operations.size()));
            String method = random.nextInt(25) == 0 ? pick("GET", "POST", "PUT", "PATCH", "DELETE") : op.method();
            byte[] body = op.hasBody() || random.nextInt(20) == 0 ? body(op) : null;
            String contentType = body == null ? null : contentType();
            String uri = uri(op);
            if (EXPENSIVE.contains(method + " " + op.path())
                    && expensiveCalls.merge(method + " " + op.path(), 1, Integer::sum) > EXPENSIVE_CALLS) {
                continue;
            }
            sent++;
            if (sent % 500 == 0) {
                System.out.printf("malformed input: %d requests sent, %d failures so far%n", sent, failures.size());
            }
            String request = "#" + i + " " + method + " " + shorten(uri) + (contentType == null ? "" : " [" + contentType + "]")
                    + (body == null ? "" : " body " + shorten(new String(body, StandardCharsets.UTF_8)));
            try {
                HttpResponse<String> r;
                try {
                    r = send(method, uri, contentType, body);
                } catch (IOException closed) {
                    if (!HTTP_CODEC_REFUSALS.contains(lastStatus)) {
                        throw closed;
                    }
                    // the decoder closes the connection after refusing a request; the client may have reused it
                    r = send(method, uri, contentType, body);
                }
                lastStatus = r.statusCode();
                if (r.statusCode() >= 500) {
                    failures.add(r.statusCode() + " for " + request + ": " + shorten(r.body()));
                } else if (r.statusCode() >= 400 && op.path().startsWith("/api/") && !HTTP_CODEC_REFUSALS.contains(r.statusCode())
                        && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    failures.add(r.statusCode() + " without a problem body for " + request + ": " + shorten(r.body()));
                } else if (r.statusCode() == 201 && op.path().equals("/api/v1/sources") && method.equals("POST")) {
                    created.add(JSON.readTree(r.body()).path("id").asText());
                }
            } catch (IOException e) {
                lastStatus = -1;
                // a body over the limit, or a request line over its limit followed by a body, is answered early and
                // the connection closed while the client still sends the body: the client may see only the close
                boolean refusedEarly = body != null && (body.length > OVER_LIMIT - 10 || uri.length() > MAX_REQUEST_LINE - 32);
                if (!refusedEarly || e instanceof java.net.http.HttpTimeoutException) {
                    failures.add("no answer (" + e + ") for " + request);
                }
            }
        }
        for (String id : created) {
            send("DELETE", base.resolve("/api/v1/sources/" + id).toString(), null, null);
        }
        assertThat(failures).as("server errors or bare refusals among %d requests (seed %d)", sent, SEED).isEmpty();

        HttpResponse<String> health = send("GET", base.resolve("/health").toString(), null, null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("healthy");
        HttpResponse<String> search = send("POST", base.resolve("/api/v1/search").toString(), "application/json",
                "{\"query\": \"configuration\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String uri, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        // the whole exchange bounded, the body included: an answer that never ends is a failure, not a hang
        try {
            return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.net.http.HttpTimeoutException("no complete answer within 30 s");
        }
    }

    /** Every operation of the OpenAPI document, with its parameters and the property names of its JSON body. */
    private List<Operation> operations() throws Exception {
        JsonNode doc = JSON.readTree(send("GET", base.resolve("/openapi?format=json").toString(), null, null).body());
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getValue().toString().contains("text/event-stream") || path.getKey().endsWith("/events")) {
                    continue; // a stream that never ends
                }
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    (p.path("in").asText().equals("path") ? pathParams : queryParams).add(p.path("name").asText());
                }
                Set<String> fields = new TreeSet<>();
                op.getValue().path("requestBody").findValues("$ref").forEach(ref -> properties(doc, ref.asText(), fields, 0));
                out.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), pathParams, queryParams,
                        op.getValue().has("requestBody"), new ArrayList<>(fields)));
            }
        }
        return out;
    }

    private static void properties(JsonNode doc, String ref, Set<String> into, int depth) {
        JsonNode schema = doc.at(ref.substring(1));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            into.add(p.getKey());
            if (depth < 2) {
                p.getValue().findValues("$ref").forEach(r -> properties(doc, r.asText(), into, depth + 1));
            }
        }
    }

    private String uri(Operation op) {
        String path = op.path();
        for (String p : op.pathParams()) {
            String value = switch (random.nextInt(4)) {
                case 0 -> java.util.UUID.randomUUID().toString();
                case 1 -> "123e4567-e89b-12d3-a456-42661417400"; // one digit short
                default -> text();
            };
            path = path.replace("{" + p + "}", encode(value.isEmpty() ? "x" : value));
        }
        List<String> query = new ArrayList<>();
        for (String q : op.queryParams()) {
            if (random.nextInt(3) > 0) {
                query.add(encode(q) + "=" + encode(text()));
            }
        }
        if (random.nextInt(6) == 0) {
            query.add(encode(text()) + "=" + encode(text()));
        }
        if (random.nextInt(15) == 0) {
            query.add("q=%FF%FE%C3"); // not UTF-8
        }
        return base.resolve(path).toString() + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    private byte[] body(Operation op) {
        return switch (random.nextInt(12)) {
            case 0 -> "null".getBytes(StandardCharsets.UTF_8);
            case 1 -> json(value(0));
            case 2 -> bytes(1 + random.nextInt(60)); // arbitrary bytes, invalid UTF-8 included
            case 3 -> ("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> concat("{\"name\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe},
                    "\", \"query\": \"x\"}".getBytes(StandardCharsets.UTF_8));
            case 6 -> random.nextInt(4) == 0 ? json(Map.of("query", "x".repeat(OVER_LIMIT)))
                    : json(Map.of(field(op), "x".repeat(random.nextInt(3) == 0 ? 3000 : 100_000)));
            case 7 -> "{\"query\": \"a\", ".getBytes(StandardCharsets.UTF_8); // cut off
            default -> {
                Map<String, Object> object = new java.util.LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    object.put(random.nextInt(8) == 0 ? text() : field(op), value(0));
                }
                yield json(object);
            }
        };
    }

    private String field(Operation op) {
        List<String> known = op.fields().isEmpty() ? List.of("name", "query", "texts", "text", "config") : op.fields();
        return known.get(random.nextInt(known.size()));
    }

    private Object value(int depth) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e308, -1e308,
                    new java.math.BigInteger("1" + "0".repeat(40)));
            case 3 -> depth > 2 ? "deep" : randomList(depth);
            case 4 -> {
                if (depth > 2) {
                    yield Map.of();
                }
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    m.put(pick("source_ids", "date_from", "date_to", "content_types", "max_depth", "max_pages", "crawl_delay",
                            "follow_patterns", "scheduler", "content_cleaning", "performance", "x", ""), value(depth + 1));
                }
                yield m;
            }
            default -> text();
        };
    }

    private List<Object> randomList(int depth) {
        int n = pick(0, 1, 3, 300, 5000);
        List<Object> list = new ArrayList<>(n);
        Object repeated = random.nextBoolean() ? value(depth + 1) : null;
        for (int i = 0; i < n; i++) {
            list.add(repeated != null ? repeated : i < 20 ? value(depth + 1) : "v" + i);
        }
        return list;
    }

    private String text() {
        return switch (random.nextInt(11)) {
            case 0 -> "x".repeat(pick(0, 1, 1001, 2001, 5000, 50_000));
            case 1 -> {
                String alphabet = "\"'\\/%&?#;<>{}[]*+-~^:()! \u00e9\u4e2d\uD83D\uDE00\u0000\u0007\t\n";
                StringBuilder sb = new StringBuilder();
                for (int i = 1 + random.nextInt(30); i > 0; i--) {
                    int at = random.nextInt(alphabet.length());
                    sb.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
                            : Character.isLowSurrogate(alphabet.charAt(at)) ? "?" : alphabet.substring(at, at + 1));
                }
                yield sb.toString();
            }
            case 2 -> pick("-1", "0", "2147483648", "9223372036854775808", "-2147483649", "1e400", "NaN", "0x10", "1.5");
            case 3 -> java.util.UUID.randomUUID().toString();
            case 4 -> pick("not-a-uuid", "123e4567-e89b-12d3-a456", "00000000-0000-0000-0000-000000000000");
            case 5 -> String.join(" ", java.util.Collections.nCopies(pick(10, 65, 500), "word"));
            case 6 -> pick("http://127.0.0.2:9/", "http://[::1]:9/", "ftp://x/", "http://", "javascript:alert(1)");
            default -> pick("a", "true", "null", "", " ", "2024-01-01", "2024-13-45", "keyword", "semantic", "hybrid", "crawl",
                    "running", "paused", "web", "query", "*", "+", "-", "\"");
        };
    }

    private String contentType() {
        return pick("application/json", "application/json", "application/json", "application/json", "text/plain",
                "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1", "application/xml",
                "multipart/form-data; boundary=x", "application/merge-patch+json", "*/*", "application/json; charset=nonsense");
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " chars)" : s;
    }
}

