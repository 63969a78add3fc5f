package io.knowledgehub.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small JSON client for the services' HTTP APIs. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as the product's own clients: no connection shared over an h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String key;

    Api(URI base) {
        this(base, null);
    }

    /** A client that sends {@code key} as {@code X-API-Key} on every request. */
    Api(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    record Answer(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return get(path, java.util.Map.of());
    }

    Answer get(String path, java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, java.util.Map.of());
    }

    Answer post(String path, Object body, java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        headers.forEach(request::header);
        return send(request);
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (key != null) {
            request.header("X-API-Key", key);
        }
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
            // metrics are text
        }
        return new Answer(r.statusCode(), body, r.body(), r.headers());
    }

    /** Polls {@code path} until {@code done} holds for its JSON body; fails with the last answer after {@code timeout}. */
    JsonNode await(String path, Predicate<JsonNode> done, Duration timeout, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.status() == 200 && last.body() != null && done.test(last.body())) {
                return last.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.text()));
    }
}
