package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.robots.RobotsRules;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.testing.RecordingListener;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.crawler.testing.TestAddresses;
import io.knowledgehub.testkit.FixtureSiteServer;
import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * robots.txt rules and Crawl-delay, and sitemaps as extra seeds, on the "robots" fixture site; a robots.txt that
 * cannot be fetched (RFC 9309: 4xx allows everything, a server or network error disallows everything).
 */
class RobotsAndSitemapTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() {
        server = FixtureSiteServer.serve(Sites.copy("robots", dir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void skips_urls_that_robots_txt_disallows_without_fetching_them() throws Exception {
        robots("User-agent: *\nDisallow: /docs/private/\n");

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        PageOutcome secret = result.recording().at("/docs/private/secret.html");
        assertThat(secret.kind()).isEqualTo(SKIPPED);
        assertThat(secret.reason()).isEqualTo("disallowed by robots.txt");
        assertThat(server.requestCount("/docs/private/secret.html")).isZero();
        assertThat(server.requestCount("/robots.txt")).isEqualTo(1);
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
        // it was never fetched, so it is not a checked page
        assertThat(result.stats().pagesChecked()).isEqualTo(4);
    }

    /** job-outcomes.md: a page stored before that robots.txt now disallows leaves the index, unfetched. */
    @Test
    void a_stored_page_that_robots_txt_now_disallows_is_deleted_without_being_fetched() throws Exception {
        robots("User-agent: *\nDisallow: /docs/private/\n");
        SiteCrawler crawler = new SiteCrawler();
        SiteCrawler.Result first = crawler.crawl(server.uri("docs/"), config().build());
        assertThat(first.recording().at("/docs/a.html").kind()).isEqualTo(NEW);
        int fetched = server.requestCount("/docs/a.html");

        robots("User-agent: *\nDisallow: /docs/private/\nDisallow: /docs/a.html\n");
        SiteCrawler.Result second = crawler.crawl(server.uri("docs/"), config().build());

        PageOutcome a = second.recording().at("/docs/a.html");
        assertThat(a.kind()).isEqualTo(PageOutcome.Kind.DELETED);
        assertThat(a.reason()).isEqualTo("disallowed by robots.txt");
        assertThat(server.requestCount("/docs/a.html")).isEqualTo(fetched);
        assertThat(second.stats().pagesDeleted()).isEqualTo(1);
        // a URL never stored is skipped as before
        assertThat(second.recording().at("/docs/private/secret.html").kind()).isEqualTo(SKIPPED);

        // robots.txt disallowing the base URL fails the crawl and deletes nothing, not even a stored page its sitemap lists
        Sites.write(dir.resolve("sitemap.xml"), urlset("docs/b.html"));
        robots("User-agent: *\nDisallow: /docs/\nSitemap: " + server.uri("sitemap.xml") + "\n");
        SiteCrawler.Result third = crawler.crawl(server.uri("docs/"), config().build());
        assertThat(third.stats().pagesDeleted()).isZero();
        assertThat(third.recording().at("/docs/").kind()).isEqualTo(SKIPPED);
        assertThat(third.recording().at("/docs/b.html").kind()).isEqualTo(SKIPPED);
    }

    @Test
    void obeys_the_group_for_its_own_agent() throws Exception {
        robots("User-agent: *\nDisallow: /docs/a.html\n\nUser-agent: knowledgehub\nDisallow: /docs/b.html\n");

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().at("/docs/b.html").kind()).isEqualTo(SKIPPED);
        assertThat(result.recording().at("/docs/a.html").kind()).isEqualTo(NEW);
    }

    @Test
    void treats_a_missing_robots_txt_as_allow_all() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/robots.txt");
            assertThat(r.status()).isEqualTo(404);
        });
        assertThat(result.recording().paths(NEW)).contains("/docs/private/secret.html");
    }

    @Test
    void a_robots_txt_answering_503_disallows_everything_and_fails_the_crawl_saying_why() throws Exception {
        // what the site says when it is up; during its maintenance window robots.txt answers 503
        robots("User-agent: *\nDisallow: /docs/private/\n");
        server.route("/robots.txt", unavailable());

        assertThatThrownBy(() -> new SiteCrawler().crawl(server.uri("docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessage("The site's robots.txt " + server.uri("robots.txt") + " could not be fetched: HTTP 503 "
                        + "(still after 2 retries). Under the robots.txt standard (RFC 9309) a site whose robots.txt "
                        + "cannot be fetched because of a server or network error counts as disallowing everything, so "
                        + "nothing was crawled. Check the base URL and that the site is up; the next crawl tries again.");
        // robots.txt tried once and retried twice (SiteCrawler.SETTINGS: 2 retries); no page, sitemap or llms.txt
        assertThat(server.requestedPaths()).containsExactly("/robots.txt", "/robots.txt", "/robots.txt");
        assertThat(server.requestCount("/docs/private/secret.html")).isZero();
    }

    @Test
    void a_refresh_while_robots_txt_answers_503_fetches_nothing_and_keeps_every_stored_page() throws Exception {
        robots("User-agent: *\nDisallow: /docs/private/\n");
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());
        Map<String, KnownPage> stored = Map.copyOf(crawler.known());
        assertThat(stored).hasSize(4);
        server.route("/robots.txt", unavailable());
        server.clearLog();
        RecordingListener listener = new RecordingListener();

        assertThatThrownBy(() -> crawler.crawl(server.uri("docs/"), config().build(), false, new CrawlControl(), listener))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessageStartingWith("The site's robots.txt " + server.uri("robots.txt") + " could not be fetched: "
                        + "HTTP 503 (still after 2 retries). ")
                .hasMessageEndingWith("so nothing was crawled; the 4 pages stored by earlier crawls were kept. Check "
                        + "the base URL and that the site is up; the next crawl tries again.");
        assertThat(server.requestedPaths()).containsOnly("/robots.txt");
        // no outcome for any URL: nothing is deleted or marked no longer linked, although no page was reached
        assertThat(listener.outcomes).isEmpty();
        assertThat(crawler.known()).isEqualTo(stored);
    }

    @Test
    void a_robots_txt_answering_500_disallows_everything_too() throws Exception {
        server.route("/robots.txt", exchange -> exchange.sendResponseHeaders(500, -1));

        assertThatThrownBy(() -> new SiteCrawler().crawl(server.uri("docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessageStartingWith("The site's robots.txt " + server.uri("robots.txt") + " could not be fetched: "
                        + "HTTP 500. Under the robots.txt standard (RFC 9309)");
        assertThat(server.requestedPaths()).containsOnly("/robots.txt");
    }

    @Test
    void a_robots_txt_that_times_out_disallows_everything() throws Exception {
        // a 1 s request timeout and no retry, so the test waits about a second
        CrawlerSettings quick = new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 8, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1024 * 1024, 5, 0, Duration.ofSeconds(5), TestAddresses.loopbackSite());
        server.route("/robots.txt", exchange -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FixtureSiteServer.send(exchange, 200, "text/plain", new byte[0]);
        });

        assertThatThrownBy(() -> new SiteCrawler(quick).crawl(server.uri("docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessageStartingWith("The site's robots.txt " + server.uri("robots.txt") + " could not be fetched: "
                        + "timed out")
                .hasMessageContaining("counts as disallowing everything, so nothing was crawled.");
        assertThat(server.requestedPaths()).containsExactly("/robots.txt");
    }

    @Test
    void a_robots_txt_answering_403_allows_everything_as_a_missing_one_does() throws Exception {
        server.route("/robots.txt", exchange -> FixtureSiteServer.send(exchange, 403, "text/plain", new byte[0]));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().paths(NEW)).contains("/docs/", "/docs/private/secret.html");
    }

    @Test
    void spaces_requests_by_the_robots_crawl_delay() throws Exception {
        robots("User-agent: *\nCrawl-delay: 0.3\n");

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().maxDepth(1).build());

        assertThat(result.stats().pagesChecked()).isEqualTo(4);
        List<Long> starts = server.requests().stream().map(FixtureSiteServer.LoggedRequest::startNanos).sorted().toList();
        for (int i = 1; i < starts.size(); i++) {
            // 0.3 s asked; allow for clock and scheduling slack, but far above what an unthrottled crawl takes
            assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1))).isGreaterThan(Duration.ofMillis(250));
        }
    }

    @Test
    void effective_delay_is_the_larger_of_source_delay_and_crawl_delay() {
        RobotsRules robots = RobotsRules.parse("http://x/robots.txt",
                "User-agent: *\nCrawl-delay: 2\n".getBytes(StandardCharsets.UTF_8), "knowledgehub");

        assertThat(CrawlEngine.effectiveDelay(0.5, robots)).isEqualTo(Duration.ofSeconds(2));
        assertThat(CrawlEngine.effectiveDelay(3, robots)).isEqualTo(Duration.ofSeconds(3));
        assertThat(CrawlEngine.effectiveDelay(0, RobotsRules.allowAll())).isZero();
    }

    @Test
    void seeds_pages_listed_in_the_sitemap_named_by_robots_txt() throws Exception {
        robots("User-agent: *\nDisallow:\n\nSitemap: " + server.uri("maps/pages.xml") + "\n");
        Sites.write(dir.resolve("maps/pages.xml"), urlset("docs/orphan.html", "docs/a.html", "elsewhere/page.html"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().at("/docs/orphan.html").kind()).isEqualTo(NEW);
        assertThat(result.recording().at("/docs/orphan.html").depth()).isEqualTo(1);
        // out of scope entries of a sitemap are not crawled
        assertThat(server.requestCount("/elsewhere/page.html")).isZero();
        assertThat(server.requestCount("/sitemap.xml")).isZero();
    }

    @Test
    void falls_back_to_sitemap_xml_and_follows_sitemap_indexes() throws Exception {
        Sites.write(dir.resolve("sitemap.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>%s</loc></sitemap>
                </sitemapindex>
                """.formatted(server.uri("maps/child.xml")));
        Sites.write(dir.resolve("maps/child.xml"), urlset("docs/listed.html", "docs/orphan.html"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().paths(NEW)).contains("/docs/listed.html", "/docs/orphan.html");
    }

    @Test
    void does_not_seed_from_sitemaps_when_max_depth_is_zero() throws Exception {
        Sites.write(dir.resolve("sitemap.xml"), urlset("docs/orphan.html"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().maxDepth(0).build());

        assertThat(result.recording().paths()).containsExactly("/docs/");
    }

    @Test
    void applies_robots_rules_to_sitemap_seeds() throws Exception {
        robots("User-agent: *\nDisallow: /docs/orphan.html\n");
        Sites.write(dir.resolve("sitemap.xml"), urlset("docs/orphan.html"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().at("/docs/orphan.html").kind()).isEqualTo(SKIPPED);
        assertThat(server.requestCount("/docs/orphan.html")).isZero();
    }

    /** robots.txt during a maintenance window: 503, retry at once (so the retries cost no time). */
    private static HttpHandler unavailable() {
        return exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "0");
            FixtureSiteServer.send(exchange, 503, "text/plain", "down for maintenance".getBytes(StandardCharsets.UTF_8));
        };
    }

    private void robots(String content) {
        Sites.write(dir.resolve("robots.txt"), content);
    }

    private String urlset(String... paths) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (String p : paths) {
            xml.append("  <url><loc>").append(server.uri(p)).append("</loc></url>\n");
        }
        return xml.append("</urlset>\n").toString();
    }
}
