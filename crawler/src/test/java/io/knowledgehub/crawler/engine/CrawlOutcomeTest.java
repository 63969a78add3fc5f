package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a crawl ends for the user ({@link CrawlReport}): failed with a message that says what to fix when it gave the
 * source nothing, completed with warnings when it stored pages but met problems. A small site in a temporary folder.
 */
class CrawlOutcomeTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home",
                "<p>Start here.</p><a href=\"a.html\">A</a> <a href=\"b.html\">B</a>"));
        Sites.write(dir.resolve("docs/a.html"), Sites.html("Page A", "<p>Alpha text about installing.</p>"));
        Sites.write(dir.resolve("docs/b.html"), Sites.html("Page B", "<p>Beta text about configuring.</p>"));
        server = FixtureSiteServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_site_that_refuses_connections_is_not_crawled_and_the_crawl_says_why() throws Exception {
        // port 1 on loopback: nothing listens there. robots.txt, asked for first, is unreachable, which disallows
        // everything (RFC 9309): the base URL is not asked for
        assertThatThrownBy(() -> new SiteCrawler().crawl(URI.create("http://127.0.0.1:1/docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessage("The site's robots.txt http://127.0.0.1:1/robots.txt could not be fetched: connection "
                        + "refused. Under the robots.txt standard (RFC 9309) a site whose robots.txt cannot be fetched "
                        + "because of a server or network error counts as disallowing everything, so nothing was "
                        + "crawled. Check the base URL and that the site is up; the next crawl tries again.");
    }

    @Test
    void a_site_whose_host_name_does_not_resolve_is_not_crawled_and_the_crawl_says_why() throws Exception {
        // the test resolver knows no names: the lookup fails as an unknown DNS name does, without any DNS query
        assertThatThrownBy(() -> new SiteCrawler().crawl(URI.create("http://docs.example.invalid/guide/"),
                config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessageStartingWith("The site's robots.txt http://docs.example.invalid/robots.txt could not be "
                        + "fetched: host name not found (")
                .hasMessageContaining("docs.example.invalid")
                .hasMessageEndingWith("Check the base URL and that the site is up; the next crawl tries again.");
    }

    @Test
    void a_robots_txt_that_disallows_everything_fails_the_crawl_without_fetching_a_page() throws Exception {
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nDisallow: /\n");

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).contains("The site's robots.txt disallows the base URL "
                + server.uri("docs/") + " for this crawler, so nothing could be crawled. Choose a base URL that "
                + "robots.txt allows, or ask the site's owners to allow it.");
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
        assertThat(result.stats().pagesChecked()).isZero();
        assertThat(server.requestCount("/docs/")).isZero();
    }

    @Test
    void a_base_url_answering_404_fails_the_crawl_with_the_status() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).contains("The base URL " + server.uri("guide/")
                + " answered HTTP 404. Check the URL and that the site is up.");
        assertThat(result.stats().pagesFailed()).isEqualTo(1);
    }

    @Test
    void a_base_url_answering_500_after_the_retries_fails_the_crawl() throws Exception {
        server.route("/docs/", exchange -> FixtureSiteServer.send(exchange, 500, "text/plain",
                "down".getBytes(StandardCharsets.UTF_8)));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).contains("The base URL " + server.uri("docs/")
                + " answered HTTP 500. Check the URL and that the site is up.");
        // tried once and retried twice (SiteCrawler.SETTINGS: 2 retries)
        assertThat(server.requestCount("/docs/")).isEqualTo(3);
        assertThat(result.stats().pagesFailed()).isEqualTo(1);
        assertThat(CrawlReport.warnings(result.stats())).containsExactly("1 page could not be fetched or read (HTTP 500: 1 page); "
                + "stored copies keep their last content, and the next crawl tries again.");
    }

    @Test
    void a_base_url_that_is_not_a_document_fails_the_crawl_with_the_reason() throws Exception {
        server.route("/docs/", exchange -> FixtureSiteServer.send(exchange, 200, "application/zip", new byte[] {1, 2}));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).contains("The base URL " + server.uri("docs/")
                + " gave no page to store: not a kind of document that is indexed (application/zip). Check the URL.");
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
    }

    @Test
    void a_crawl_that_stores_pages_despite_a_failing_one_completes_with_a_warning() throws Exception {
        server.route("/docs/b.html", exchange -> FixtureSiteServer.send(exchange, 503, "text/plain", new byte[0]));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).isEmpty();
        assertThat(result.stats().pagesNew()).isEqualTo(2);
        assertThat(result.stats().pagesFailed()).isEqualTo(1);
        assertThat(CrawlReport.warnings(result.stats())).containsExactly("1 page could not be fetched or read (HTTP 503: 1 page); "
                + "stored copies keep their last content, and the next crawl tries again.");
    }

    @Test
    void a_crawl_that_stored_pages_warns_when_its_base_url_failed() throws Exception {
        // the base URL is gone, the sitemap still lists the pages
        Sites.write(dir.resolve("sitemap.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>" + server.uri("docs/a.html")
                + "</loc></url></urlset>");
        // gone under both spellings: a folder that answers 404 is asked for once more as its index file
        server.route("/docs/", exchange -> FixtureSiteServer.send(exchange, 404, "text/plain", new byte[0]));
        server.route("/docs/index.html", exchange -> FixtureSiteServer.send(exchange, 404, "text/plain", new byte[0]));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(CrawlReport.failure(result.stats())).isEmpty();
        assertThat(result.stats().pagesNew()).isEqualTo(1);
        assertThat(CrawlReport.warnings(result.stats())).containsExactly(
                "The base URL " + server.uri("docs/") + " answered HTTP 404. Check the URL and that the site is up.",
                "1 page could not be fetched or read (HTTP 404: 1 page); stored copies keep their last content, and the next crawl "
                        + "tries again.");
    }

    @Test
    void an_incremental_crawl_that_finds_every_page_unchanged_has_not_failed() throws Exception {
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());

        SiteCrawler.Result again = crawler.crawl(server.uri("docs/"), config().build());

        assertThat(again.stats().pagesUnchanged()).isEqualTo(3);
        assertThat(again.stats().pagesNew() + again.stats().pagesUpdated()).isZero();
        assertThat(CrawlReport.failure(again.stats())).isEmpty();
        assertThat(CrawlReport.warnings(again.stats())).isEmpty();
    }
}
