package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.FAILED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.Sites.html;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static io.knowledgehub.testkit.FixtureSiteServer.redirect;
import static org.assertj.core.api.Assertions.assertThat;

/** Redirects, errors, retries, size and type limits: each case is a custom answer of the loopback server. */
class FetchBehaviourTest {

    @TempDir
    Path emptySite;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() {
        server = FixtureSiteServer.serve(emptySite);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Serves /docs/ linking to the given paths (relative to /docs/). */
    private void index(String... links) {
        StringBuilder body = new StringBuilder();
        for (String link : links) {
            body.append("<p><a href=\"").append(link).append("\">").append(link).append("</a></p>");
        }
        server.route("/docs/", FixtureSiteServer.html(html("Docs", body.toString())));
    }

    private SiteCrawler.Result crawl() throws InterruptedException {
        return new SiteCrawler().crawl(server.uri("docs/"), config().build());
    }

    @Test
    void follows_an_in_scope_redirect_and_stores_the_page_under_its_final_url() throws Exception {
        index("old.html");
        server.route("/docs/old.html", redirect(301, "/docs/new.html"));
        server.route("/docs/new.html", FixtureSiteServer.html(html("New", "<p>moved here</p>")));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/new.html");
        assertThat(result.recording().at("/docs/new.html").depth()).isEqualTo(1);
        assertThat(result.recording().paths()).doesNotContain("/docs/old.html");
        assertThat(result.stats().pagesChecked()).isEqualTo(2);
    }

    @Test
    void fetches_a_redirect_target_that_is_also_linked_only_once() throws Exception {
        index("old.html", "new.html", "again.html");
        server.route("/docs/old.html", redirect(301, "/docs/new.html"));
        server.route("/docs/again.html", redirect(302, "/docs/new.html"));
        server.route("/docs/new.html", FixtureSiteServer.html(html("New", "<p>moved here</p>")));

        SiteCrawler.Result result = crawl();

        assertThat(server.requestCount("/docs/new.html")).isEqualTo(1);
        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/new.html");
        assertThat(result.recording().outcomes).filteredOn(o -> o.kind() == SKIPPED)
                .extracting(PageOutcome::reason).allMatch(r -> r.startsWith("redirects to") || r.startsWith("duplicate of"));
    }

    @Test
    void a_known_page_that_now_redirects_is_deleted_in_favour_of_its_target() throws Exception {
        index("old.html");
        server.route("/docs/old.html", FixtureSiteServer.html(html("Old", "<p>the old page</p>")));
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());
        server.route("/docs/old.html", redirect(301, "/docs/new.html"));
        server.route("/docs/new.html", FixtureSiteServer.html(html("New", "<p>moved here</p>")));

        SiteCrawler.Result result = crawler.crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().at("/docs/new.html").kind()).isEqualTo(NEW);
        assertThat(result.recording().at("/docs/old.html").kind()).isEqualTo(PageOutcome.Kind.DELETED);
        assertThat(result.recording().at("/docs/old.html").reason()).isEqualTo("moved to " + server.uri("docs/new.html"));
    }

    @Test
    void skips_a_redirect_that_leaves_the_scope() throws Exception {
        index("away.html");
        server.route("/docs/away.html", redirect(302, "/blog/elsewhere.html"));

        SiteCrawler.Result result = crawl();

        PageOutcome away = result.recording().at("/docs/away.html");
        assertThat(away.kind()).isEqualTo(SKIPPED);
        assertThat(away.reason()).startsWith("redirected out of scope");
        assertThat(server.requestCount("/blog/elsewhere.html")).isZero();
    }

    @Test
    void fails_after_more_than_five_redirects() throws Exception {
        index("r0.html");
        for (int i = 0; i < 7; i++) {
            server.route("/docs/r" + i + ".html", redirect(302, "r" + (i + 1) + ".html"));
        }
        server.route("/docs/r7.html", FixtureSiteServer.html(html("End", "<p>end</p>")));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/r0.html").kind()).isEqualTo(FAILED);
        assertThat(result.recording().at("/docs/r0.html").reason()).contains("too many redirects");
        assertThat(server.requestCount("/docs/r6.html")).isZero();
    }

    /** job-outcomes.md: a redirect that leads back to a URL the chain passed is a loop, found on its first turn. */
    @Test
    void a_page_redirecting_to_itself_is_a_redirect_loop_and_an_empty_location_a_broken_redirect() throws Exception {
        index("self.html", "empty.html");
        server.route("/docs/self.html", redirect(302, "/docs/self.html"));
        server.route("/docs/empty.html", redirect(302, ""));

        SiteCrawler.Result result = crawl();

        PageOutcome self = result.recording().at("/docs/self.html");
        assertThat(self.kind()).isEqualTo(FAILED);
        assertThat(self.reason()).isEqualTo("redirect loop (" + server.uri("docs/self.html") + " redirects to itself)");
        assertThat(server.requestCount("/docs/self.html")).isEqualTo(1);
        PageOutcome empty = result.recording().at("/docs/empty.html");
        assertThat(empty.kind()).isEqualTo(FAILED);
        assertThat(empty.reason()).isEqualTo("HTTP 302 with an empty Location header");
        assertThat(result.stats().coverage().reasons()).extracting(r -> r.code())
                .contains(UrlReason.REDIRECT_LOOP.code(), UrlReason.BROKEN_REDIRECT.code());
    }

    @Test
    void follows_exactly_five_redirects() throws Exception {
        index("r0.html");
        for (int i = 0; i < 5; i++) {
            server.route("/docs/r" + i + ".html", redirect(307, "r" + (i + 1) + ".html"));
        }
        server.route("/docs/r5.html", FixtureSiteServer.html(html("End", "<p>end</p>")));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/r5.html").kind()).isEqualTo(NEW);
    }

    @Test
    void a_new_url_answering_404_is_a_failure() throws Exception {
        index("missing.html");

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/missing.html").kind()).isEqualTo(FAILED);
        assertThat(result.recording().at("/docs/missing.html").reason()).isEqualTo("HTTP 404");
        assertThat(result.stats().pagesFailed()).isEqualTo(1);
    }

    @Test
    void skips_binary_content_without_downloading_its_body() throws Exception {
        index("manual.zip");
        long size = 64L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicBoolean aborted = new AtomicBoolean();
        server.route("/docs/manual.zip", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/zip");
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < size) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                aborted.set(true);
            }
        });

        SiteCrawler.Result result = crawl();

        PageOutcome zip = result.recording().at("/docs/manual.zip");
        assertThat(zip.kind()).isEqualTo(SKIPPED);
        assertThat(zip.reason()).contains("application/zip");
        awaitTrue(aborted);
        assertThat(aborted).as("the crawler hung up").isTrue();
        assertThat(written.get()).isLessThan(size);
    }

    @Test
    void skips_a_page_larger_than_the_response_limit() throws Exception {
        index("big.html", "streamed.html");
        String big = html("Big", "<p>" + "word ".repeat(300_000) + "</p>");
        server.route("/docs/big.html", FixtureSiteServer.html(big));
        server.route("/docs/streamed.html", exchange -> {
            // chunked: no Content-Length to judge by, the limit must cut the stream
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the crawler hung up once it had enough
            }
        });

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/big.html").kind()).isEqualTo(SKIPPED);
        assertThat(result.recording().at("/docs/big.html").reason()).startsWith("too large");
        assertThat(result.recording().at("/docs/streamed.html").kind()).isEqualTo(SKIPPED);
        assertThat(result.recording().at("/docs/streamed.html").reason()).startsWith("too large");
    }

    @Test
    void waits_for_retry_after_on_429_then_succeeds() throws Exception {
        index("busy.html");
        AtomicInteger calls = new AtomicInteger();
        server.route("/docs/busy.html", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
            } else {
                FixtureSiteServer.send(exchange, 200, "text/html", html("Busy", "<p>ok now</p>").getBytes(StandardCharsets.UTF_8));
            }
        });

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/busy.html").kind()).isEqualTo(NEW);
        List<Long> starts = server.requests().stream().filter(r -> r.path().equals("/docs/busy.html"))
                .map(FixtureSiteServer.LoggedRequest::startNanos).sorted().toList();
        assertThat(starts).hasSize(2);
        assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void fails_at_once_when_retry_after_is_longer_than_allowed() throws Exception {
        index("later.html");
        server.route("/docs/later.html", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "3600");
            exchange.sendResponseHeaders(503, -1);
        });

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/later.html").kind()).isEqualTo(FAILED);
        assertThat(result.recording().at("/docs/later.html").reason()).contains("503");
        assertThat(server.requestCount("/docs/later.html")).isEqualTo(1);
    }

    @Test
    void retries_a_transient_server_error() throws Exception {
        index("flaky.html");
        AtomicInteger calls = new AtomicInteger();
        server.route("/docs/flaky.html", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                FixtureSiteServer.send(exchange, 200, "text/html", html("Flaky", "<p>ok</p>").getBytes(StandardCharsets.UTF_8));
            }
        });

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/flaky.html").kind()).isEqualTo(NEW);
        assertThat(server.requestCount("/docs/flaky.html")).isEqualTo(2);
    }

    @Test
    void fails_a_page_whose_server_error_persists_after_the_retries() throws Exception {
        index("broken.html");
        server.route("/docs/broken.html", exchange -> exchange.sendResponseHeaders(502, -1));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/broken.html").kind()).isEqualTo(FAILED);
        assertThat(result.recording().at("/docs/broken.html").reason()).isEqualTo("HTTP 502");
        assertThat(server.requestCount("/docs/broken.html")).isEqualTo(1 + SiteCrawler.SETTINGS.maxRetries());
    }

    @Test
    void does_not_retry_a_client_error() throws Exception {
        index("forbidden.html");
        server.route("/docs/forbidden.html", exchange -> exchange.sendResponseHeaders(403, -1));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/forbidden.html").reason()).isEqualTo("HTTP 403");
        assertThat(server.requestCount("/docs/forbidden.html")).isEqualTo(1);
    }

    @Test
    void stores_a_page_under_its_canonical_url_once() throws Exception {
        index("page.html", "print.html", "alias.html");
        server.route("/docs/page.html", FixtureSiteServer.html(html("Page", "<p>the page</p>")));
        String copy = "<html><head><title>Page</title><link rel=\"canonical\" href=\"/docs/page.html\"></head>"
                + "<body><main><p>the page</p></main></body></html>";
        server.route("/docs/print.html", FixtureSiteServer.html(copy));
        server.route("/docs/alias.html", FixtureSiteServer.html(copy));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/page.html");
        assertThat(result.recording().paths(SKIPPED)).allMatch(p -> p.equals("/docs/print.html") || p.equals("/docs/alias.html"));
        assertThat(result.recording().outcomes).filteredOn(o -> o.kind() == SKIPPED)
                .allSatisfy(o -> {
                    assertThat(o.reason()).startsWith("duplicate of");
                    assertThat(o.code()).isEqualTo(UrlReason.CANONICAL_TO);
                });
    }

    @Test
    void a_canonical_url_not_linked_anywhere_is_fetched_and_becomes_the_stored_url() throws Exception {
        index("print.html");
        server.route("/docs/print.html", FixtureSiteServer.html("<html><head><title>P</title>"
                + "<link rel=\"canonical\" href=\"/docs/page.html\"></head><body><p>the page</p></body></html>"));
        server.route("/docs/page.html", FixtureSiteServer.html(html("Page", "<p>the page</p>")));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/page.html");
        assertThat(result.recording().at("/docs/print.html").code()).isEqualTo(UrlReason.CANONICAL_TO);
        assertThat(server.requestCount("/docs/page.html")).isEqualTo(1);
    }

    @Test
    void a_canonical_url_that_is_no_page_is_ignored() throws Exception {
        index("print.html");
        server.route("/docs/print.html", FixtureSiteServer.html("<html><head><title>P</title>"
                + "<link rel=\"canonical\" href=\"/docs/page.html\"></head><body><p>the page</p></body></html>"));

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/print.html");
        assertThat(result.recording().at("/docs/page.html").reason()).isEqualTo("HTTP 404");
    }

    private static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
        for (int i = 0; i < 100 && !flag.get(); i++) {
            Thread.sleep(50);
        }
    }
}
