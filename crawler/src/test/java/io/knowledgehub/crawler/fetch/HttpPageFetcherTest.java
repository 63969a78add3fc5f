package io.knowledgehub.crawler.fetch;

import com.sun.net.httpserver.Headers;
import io.knowledgehub.core.crawl.FetchRequest;
import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.testing.TestAddresses;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpPageFetcherTest {

    private static final CrawlerSettings SETTINGS = new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 4,
            Duration.ofSeconds(2), Duration.ofMillis(800), 1000, 5, 2, Duration.ofSeconds(5), TestAddresses.loopbackSite());

    @TempDir
    Path root;
    private FixtureSiteServer server;
    private final HttpPageFetcher fetcher = new HttpPageFetcher(SETTINGS);

    @BeforeEach
    void serve() throws IOException {
        Files.writeString(root.resolve("page.html"), "<html><body><p>hello</p></body></html>");
        server = FixtureSiteServer.serve(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FetchResponse get(String path) throws Exception {
        return fetcher.fetch(FetchRequest.plain(server.uri(path), 1000));
    }

    @Test
    void sends_user_agent_accept_and_gzip_headers() throws Exception {
        AtomicReference<Headers> seen = new AtomicReference<>();
        server.route("/echo", exchange -> {
            seen.set(exchange.getRequestHeaders());
            exchange.sendResponseHeaders(204, -1);
        });

        get("echo");

        assertThat(seen.get().getFirst("User-Agent")).isEqualTo("KnowledgeHub-test/1.0");
        assertThat(seen.get().getFirst("Accept")).isEqualTo("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
        assertThat(seen.get().getFirst("Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void returns_status_lower_cased_headers_and_body() throws Exception {
        FetchResponse response = get("page.html");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsKeys("content-type", "etag", "last-modified");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("hello");
        assertThat(response.truncated()).isFalse();
    }

    @Test
    void sends_conditional_headers_and_returns_304() throws Exception {
        String etag = get("page.html").header("etag").orElseThrow();

        FetchResponse response = fetcher.fetch(new FetchRequest(server.uri("page.html"), etag, null, 1000, t -> true));

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void decodes_gzip_transparently() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("<p>compressed</p>".getBytes(StandardCharsets.UTF_8));
        }
        server.route("/gz.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            FixtureSiteServer.send(exchange, 200, "text/html", zipped.toByteArray());
        });

        assertThat(new String(get("gz.html").body(), StandardCharsets.UTF_8)).isEqualTo("<p>compressed</p>");
    }

    @Test
    void cuts_the_body_at_max_bytes_and_says_so() throws Exception {
        Files.writeString(root.resolve("big.html"), "x".repeat(5000));

        FetchResponse response = get("big.html");

        assertThat(response.truncated()).isTrue();
        assertThat(response.body().length).isLessThanOrEqualTo(1000);
    }

    @Test
    void an_html_page_is_read_no_further_than_its_own_limit_also_compressed_or_without_a_length() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(" ".repeat(5000).getBytes(StandardCharsets.UTF_8));
        }
        server.route("/bomb.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            FixtureSiteServer.send(exchange, 200, "text/html", zipped.toByteArray());
        });
        Files.write(root.resolve("doc.pdf"), new byte[3000]);
        // pages 1,000 bytes, PDFs 10,000: the request may read 10,000
        java.util.function.ToLongFunction<String> limits = type -> type != null && type.startsWith("application/pdf") ? 10_000 : 1000;

        FetchResponse page = fetcher.fetch(new FetchRequest(server.uri("bomb.html"), null, null, 10_000, t -> true, limits));
        assertThat(page.truncated()).isTrue();
        assertThat(page.body().length).isLessThanOrEqualTo(1000);

        FetchResponse pdf = fetcher.fetch(new FetchRequest(server.uri("doc.pdf"), null, null, 10_000, t -> true, limits));
        assertThat(pdf.truncated()).isFalse();
        assertThat(pdf.body()).hasSize(3000);
    }

    @Test
    void reads_no_body_for_an_unwanted_type() throws Exception {
        Files.write(root.resolve("data.bin"), new byte[500]);

        FetchResponse response = fetcher.fetch(new FetchRequest(server.uri("data.bin"), null, null, 1000,
                type -> type.startsWith("text/html")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/octet-stream");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void reads_no_body_for_an_error_status() throws Exception {
        FetchResponse response = get("missing.html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void times_out_a_response_that_never_completes() {
        server.route("/stall", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThatThrownBy(() -> get("stall")).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void a_refused_connection_is_an_io_exception() {
        FixtureSiteServer other = FixtureSiteServer.serve(root);
        java.net.URI gone = other.uri("page.html");
        other.close();

        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.plain(gone, 1000))).isInstanceOf(IOException.class);
    }

    @Test
    void gzip_is_cut_at_max_bytes_of_decoded_text() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("y".repeat(50_000).getBytes(StandardCharsets.UTF_8));
        }
        server.route("/bomb.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            FixtureSiteServer.send(exchange, 200, "text/html", zipped.toByteArray());
        });

        FetchResponse response = get("bomb.html");

        assertThat(zipped.size()).isLessThan(1000);
        assertThat(response.truncated()).isTrue();
        assertThat(response.body().length).isLessThanOrEqualTo(1000);
    }

    @Test
    void an_interrupt_aborts_a_stalled_exchange() throws Exception {
        CrawlerSettings patient = new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 4, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 1000, 5, 2, Duration.ofSeconds(5), TestAddresses.loopbackSite());
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        server.route("/stall", exchange -> {
            arrived.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (HttpPageFetcher slow = new HttpPageFetcher(patient)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    slow.fetch(FetchRequest.plain(server.uri("stall"), 1000));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            arrived.await();
            caller.interrupt();
            caller.join();

            // the request timeout is 30 s: only the interrupt can have ended it
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void connections_are_reused_between_fetches() throws Exception {
        java.util.Set<String> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();
        server.route("/who", exchange -> {
            clients.add(exchange.getRemoteAddress().toString());
            FixtureSiteServer.send(exchange, 200, "text/html", "<p>x</p>".getBytes(StandardCharsets.UTF_8));
        });

        for (int i = 0; i < 5; i++) {
            get("who");
        }

        assertThat(clients).hasSize(1);
    }
}
