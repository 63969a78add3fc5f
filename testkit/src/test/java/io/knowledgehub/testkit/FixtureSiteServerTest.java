package io.knowledgehub.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FixtureSiteServerTest {

    @TempDir
    Path root;
    private FixtureSiteServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws IOException {
        Files.createDirectories(root.resolve("guide"));
        Files.writeString(root.resolve("guide/index.html"), "<p>guide</p>");
        Files.writeString(root.resolve("notes.txt"), "plain");
        server = FixtureSiteServer.serve(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_files_on_loopback_with_a_content_type_by_extension() throws Exception {
        assertThat(server.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
        HttpResponse<String> text = get("notes.txt");

        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).isEqualTo("plain");
        assertThat(text.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
    }

    @Test
    void serves_a_folders_index_and_redirects_to_the_trailing_slash() throws Exception {
        assertThat(get("guide/").body()).isEqualTo("<p>guide</p>");
        HttpResponse<String> bare = get("guide");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("location")).contains("/guide/");
    }

    @Test
    void answers_304_to_a_matching_etag_or_an_unmodified_since() throws Exception {
        HttpResponse<String> first = get("notes.txt");
        String etag = first.headers().firstValue("etag").orElseThrow();
        String modified = first.headers().firstValue("last-modified").orElseThrow();

        assertThat(get("notes.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("notes.txt", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get("notes.txt", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void sees_edits_between_requests() throws Exception {
        String before = get("notes.txt").headers().firstValue("etag").orElseThrow();
        Files.writeString(root.resolve("notes.txt"), "changed");

        HttpResponse<String> after = get("notes.txt", "If-None-Match", before);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("changed");
    }

    @Test
    void answers_404_for_missing_files_and_paths_outside_the_root() throws Exception {
        assertThat(get("missing.html").statusCode()).isEqualTo(404);
        HttpResponse<String> escape = client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "guide/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(escape.statusCode()).isEqualTo(404);
    }

    @Test
    void answers_head_without_a_body() throws Exception {
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(server.uri("notes.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void routes_override_files_and_every_request_is_logged() throws Exception {
        server.route("/notes.txt", FixtureSiteServer.redirect(302, "/guide/"));

        HttpResponse<String> routed = get("notes.txt");
        get("missing.html");

        assertThat(routed.statusCode()).isEqualTo(302);
        assertThat(server.requestedPaths()).containsExactly("/notes.txt", "/missing.html");
        assertThat(server.requestCount("/notes.txt")).isEqualTo(1);
        assertThat(server.statusCount(404)).isEqualTo(1);
        server.clearLog();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void a_failing_custom_handler_answers_500() throws Exception {
        server.route("/boom", exchange -> {
            throw new IllegalStateException("boom");
        });

        assertThat(get("boom").statusCode()).isEqualTo(500);
        assertThat(server.statusCount(500)).isEqualTo(1);
    }
}
