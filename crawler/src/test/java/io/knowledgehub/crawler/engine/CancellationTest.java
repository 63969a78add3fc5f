package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.testing.RecordingListener;
import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.DELETED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.testing.Sites.html;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/** A crawl stopped from outside returns promptly with what it had, and deletes nothing it did not see. */
class CancellationTest {

    private static final int FAST = 3;
    private static final int SLOW = 20;

    @TempDir
    Path emptySite;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() {
        server = FixtureSiteServer.serve(emptySite);
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < FAST; i++) {
            links.append("<a href=\"fast").append(i).append(".html\">f</a> ");
            server.route("/docs/fast" + i + ".html", FixtureSiteServer.html(html("Fast " + i, "<p>quick</p>")));
        }
        for (int i = 0; i < SLOW; i++) {
            links.append("<a href=\"slow").append(i).append(".html\">s</a> ");
            int n = i;
            server.route("/docs/slow" + i + ".html", exchange -> {
                try {
                    Thread.sleep(8_000);
                } catch (InterruptedException e) {
                    return;
                }
                FixtureSiteServer.send(exchange, 200, "text/html",
                        html("Slow " + n, "<p>slow</p>").getBytes(StandardCharsets.UTF_8));
            });
        }
        server.route("/docs/", FixtureSiteServer.html(html("Docs", "<p>" + links + "</p>")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void cancel_returns_quickly_with_the_outcomes_so_far_and_no_deletions() throws Exception {
        CrawlControl control = new CrawlControl();
        AtomicLong cancelledAt = new AtomicLong();
        RecordingListener listener = new RecordingListener(outcome -> {
            if (outcome.url().endsWith("fast" + (FAST - 1) + ".html")) {
                cancelledAt.set(System.nanoTime());
                control.cancel();
            }
        });
        SiteCrawler crawler = new SiteCrawler();
        // a known page the crawl never reaches: a complete crawl would delete it, a cancelled one must not
        crawler.known().put(server.uri("docs/old.html").toString(),
                new KnownPage(server.uri("docs/old.html").toString(), "hash", null, null, null));

        SiteCrawler.Result result = crawler.crawl(server.uri("docs/"), config().parallelism(4).build(), false, control, listener);
        Duration afterCancel = Duration.ofNanos(System.nanoTime() - cancelledAt.get());

        assertThat(result.stats().cancelled()).isTrue();
        // slow pages take 8 s each: returning well before that means the in-flight fetches were abandoned
        assertThat(afterCancel).isLessThan(Duration.ofMillis(2500));
        assertThat(result.recording().paths(NEW)).contains("/docs/", "/docs/fast" + (FAST - 1) + ".html");
        assertThat(result.recording().paths(DELETED)).isEmpty();
        assertThat(result.recording().progress.getLast().cancelled()).isTrue();
        // the coverage report accounts for every URL found: what the cancel left unfetched is "cancelled"
        CrawlCoverage coverage = result.stats().coverage();
        CrawlCoverage.Reason left = coverage.reasons().stream().filter(r -> r.code().equals("cancelled")).findFirst().orElseThrow();
        assertThat(left.outcome()).isEqualTo("not_crawled");
        assertThat(left.count()).isGreaterThanOrEqualTo(SLOW - 4).isEqualTo(coverage.counts().notCrawled());
        assertThat(coverage.counts().fetched() + coverage.counts().notCrawled()).isEqualTo(coverage.counts().discovered());
    }

    @Test
    void cancel_before_the_first_page_returns_an_empty_cancelled_result() throws Exception {
        CrawlControl control = new CrawlControl();
        control.cancel();
        CrawlEngine engine = new CrawlEngine(new io.knowledgehub.crawler.fetch.HttpPageFetcher(SiteCrawler.SETTINGS),
                SiteCrawler.SETTINGS);

        CrawlStats stats = engine.crawl(new CrawlRequest(server.uri("docs/"), config().build(), false, Map.of(),
                url -> Optional.empty()), new RecordingListener(), control);

        assertThat(stats.cancelled()).isTrue();
        assertThat(stats.pagesChecked()).isZero();
    }
}
