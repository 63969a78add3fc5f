package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds a site cannot push a crawl past: robots.txt Crawl-delay, URL length, links per page and the
 * decompressed size of gzip sitemaps. Each is counted and said in the crawl's warnings (or its error).
 */
class CrawlBoundsTest {

    private static final String LONG_PATH = "/docs/" + "x".repeat(2100) + ".html";

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", "<p>Start here.</p><a href=\"a.html\">A</a>"));
        Sites.write(dir.resolve("docs/a.html"), Sites.html("Page A", "<p>Alpha text about installing.</p>"));
        server = FixtureSiteServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_crawl_delay_above_the_maximum_fails_the_crawl_before_any_page_is_fetched() {
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nCrawl-delay: 3600\n");

        assertThatThrownBy(() -> new SiteCrawler().crawl(server.uri("docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessage("The site's robots.txt asks crawlers to wait 3600 s between requests (Crawl-delay), more than "
                        + "the 60 s this server accepts (kh.crawler.max-crawl-delay), so the site was not crawled: at that "
                        + "pace even a small site would take days. Raise kh.crawler.max-crawl-delay if such a slow crawl "
                        + "is acceptable.");
        assertThat(server.requestedPaths()).containsExactly("/robots.txt");
    }

    @Test
    void the_crawl_delay_maximum_is_configurable() {
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nCrawl-delay: 2.5\n");
        SiteCrawler crawler = new SiteCrawler(SiteCrawler.SETTINGS.withBounds(new CrawlBounds(Duration.ofSeconds(2), 5000)));

        assertThatThrownBy(() -> crawler.crawl(server.uri("docs/"), config().build()))
                .isInstanceOf(CrawlFailedException.class)
                .hasMessageStartingWith("The site's robots.txt asks crawlers to wait 2.5 s between requests (Crawl-delay), "
                        + "more than the 2 s this server accepts");
    }

    @Test
    void a_link_longer_than_a_stored_url_may_be_is_skipped_with_its_reason_and_never_fetched() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home",
                "<p>Start here.</p><a href=\"a.html\">A</a> <a href=\"" + LONG_PATH + "\">endless</a>"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        PageOutcome skipped = result.recording().at(LONG_PATH);
        assertThat(skipped.kind()).isEqualTo(SKIPPED);
        assertThat(skipped.reason()).isEqualTo("URL longer than 2048 characters");
        assertThat(server.requestCount(LONG_PATH)).isZero();
        assertThat(result.stats().pagesNew()).isEqualTo(2);
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
        assertThat(result.stats().pagesChecked()).isEqualTo(2);
        assertThat(CrawlReport.failure(result.stats())).isEmpty();
        assertThat(CrawlReport.warnings(result.stats())).containsExactly("1 link was skipped: the URL is longer than "
                + "2048 characters, the longest a page can be stored under (counted in pages_skipped).");
    }

    @Test
    void a_redirect_to_a_url_longer_than_a_stored_url_may_be_is_not_followed() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", "<p>Start.</p><a href=\"moved.html\">Moved</a>"));
        server.route("/docs/moved.html", FixtureSiteServer.redirect(302, LONG_PATH));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        PageOutcome moved = result.recording().at("/docs/moved.html");
        assertThat(moved.kind()).isEqualTo(SKIPPED);
        assertThat(moved.reason()).isEqualTo("redirects to a URL longer than 2048 characters");
        assertThat(server.requestCount(LONG_PATH)).isZero();
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
    }

    @Test
    void follows_at_most_the_maximum_of_links_from_one_page_and_warns() throws Exception {
        StringBuilder links = new StringBuilder("<p>Index.</p>");
        for (int i = 1; i <= 5; i++) {
            Sites.write(dir.resolve("docs/p" + i + ".html"), Sites.html("Page " + i, "<p>Text of page " + i + ".</p>"));
            links.append("<a href=\"p").append(i).append(".html\">P").append(i).append("</a> ");
        }
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links.toString()));
        SiteCrawler crawler = new SiteCrawler(SiteCrawler.SETTINGS.withBounds(new CrawlBounds(Duration.ofSeconds(60), 3)));

        SiteCrawler.Result result = crawler.crawl(server.uri("docs/"), config().build());

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/p1.html", "/docs/p2.html",
                "/docs/p3.html");
        assertThat(server.requestCount("/docs/p4.html")).isZero();
        assertThat(CrawlReport.warnings(result.stats())).containsExactly("1 page links to more than 3 pages of the "
                + "source; only the first 3 links of each were followed (kh.crawler.max-links-per-page).");
    }

    @Test
    void a_gzip_sitemap_is_read_within_the_size_limit() throws Exception {
        gzipSitemap("");

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        // linked from nowhere: only the sitemap leads there
        assertThat(result.recording().at("/docs/orphan.html").kind()).isEqualTo(NEW);
        assertThat(CrawlReport.warnings(result.stats())).isEmpty();
    }

    @Test
    void a_gzip_sitemap_that_inflates_past_the_limit_is_ignored_with_a_warning() throws Exception {
        // 64 MiB of spaces in a comment compress to about 64 KiB; the test settings allow 1 MiB of response
        gzipSitemap(" ".repeat(64 * 1024));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(server.requestCount("/docs/orphan.html")).isZero();
        assertThat(result.stats().pagesNew()).isEqualTo(2);
        assertThat(CrawlReport.warnings(result.stats())).containsExactly("The sitemap " + server.uri("sitemap.xml.gz")
                + " was ignored: larger than 1048576 bytes once decompressed.");
    }

    /** Serves /sitemap.xml.gz (listed in robots.txt) naming /docs/orphan.html, with 1024 × {@code padding} inside. */
    private void gzipSitemap(String padding) throws IOException {
        Sites.write(dir.resolve("docs/orphan.html"), Sites.html("Orphan", "<p>Only the sitemap knows me.</p>"));
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nAllow: /\nSitemap: " + server.uri("sitemap.xml.gz") + "\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    + "<url><loc>" + server.uri("docs/orphan.html") + "</loc></url><!--").getBytes(StandardCharsets.UTF_8));
            byte[] pad = padding.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < (pad.length == 0 ? 0 : 1024); i++) {
                gzip.write(pad);
            }
            gzip.write("--></urlset>".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = bytes.toByteArray();
        server.route("/sitemap.xml.gz", exchange -> FixtureSiteServer.send(exchange, 200, "application/gzip", body));
    }
}
