package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.settings.CrawlBounds;
import io.knowledgehub.core.job.CrawlCoverage;
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
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds a site cannot push a crawl past: robots.txt Crawl-delay, URL length, links per page, the decompressed
 * size of gzip sitemaps, the frontier's size, the source's deadline and the bytes a crawl downloads. Each is counted
 * and said in the crawl's warnings (or its error), with its reason in the coverage report.
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

    @Test
    void a_full_frontier_takes_no_more_urls_and_says_so() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links("p", 20)));
        server.routeUnder("/docs/p", exchange -> generated(exchange, ""));
        SiteCrawler crawler = new SiteCrawler(SiteCrawler.SETTINGS.withBounds(
                new CrawlBounds(Duration.ofSeconds(60), 5000, 10, CrawlBounds.DEFAULT_MAX_CRAWL_BYTES)));

        CrawlStats stats = crawler.crawl(server.uri("docs/"), config().parallelism(1).build()).stats();

        // the base URL and the first 9 links; 11 links were not followed, and none of them was fetched
        assertThat(stats.pagesChecked()).isEqualTo(10);
        assertThat(server.requestedPaths()).filteredOn(p -> p.startsWith("/docs/p")).hasSize(9);
        assertThat(stats.coverage().counts().discovered()).isEqualTo(10);
        assertThat(reason(stats, "frontier_full").count()).isEqualTo(11);
        assertThat(stats.complete()).isFalse();
        assertThat(CrawlReport.warnings(stats)).contains("The crawl kept track of 10 URLs, the most "
                + "kh.crawler.max-frontier allows; links to further URLs were not followed (frontier_full in the coverage "
                + "report), and pages not reached keep their stored copies.");
    }

    @Test
    void a_crawl_stops_at_the_sources_deadline_and_keeps_what_it_stored() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links("p", 4)));
        server.routeUnder("/docs/p", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/docs/p2.html")) {
                sleep(5000);
            }
            generated(exchange, "");
        });

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"),
                config().parallelism(1).maxDuration(Duration.ofSeconds(1)).build());

        // p2.html was in flight at the deadline: abandoned, not waited for, and reported with the URLs still queued
        CrawlStats stats = result.stats();
        assertThat(result.recording().paths(NEW)).containsExactly("/docs/", "/docs/p1.html");
        assertThat(CrawlReport.failure(stats)).isEmpty();
        CrawlCoverage.Reason left = reason(stats, "max_duration");
        assertThat(left.count()).isEqualTo(3);
        assertThat(left.samples()).extracting(CrawlCoverage.Sample::url).containsExactly(server.uri("docs/p2.html").toString(),
                server.uri("docs/p3.html").toString(), server.uri("docs/p4.html").toString());
        assertThat(stats.complete()).isFalse();
        assertThat(CrawlReport.warnings(stats)).containsExactly("The crawl stopped at its deadline (max_duration: 1 s) "
                + "with 3 URLs not fetched (max_duration in the coverage report); pages it did not reach keep their "
                + "stored copies.");
    }

    @Test
    void a_crawl_that_reaches_its_deadline_before_any_page_fails_saying_so() throws Exception {
        server.route("/robots.txt", exchange -> {
            sleep(5000);
            FixtureSiteServer.send(exchange, 200, "text/plain", new byte[0]);
        });

        CrawlStats stats = new SiteCrawler().crawl(server.uri("docs/"),
                config().maxDuration(Duration.ofSeconds(1)).build()).stats();

        assertThat(stats.pagesChecked()).isZero();
        assertThat(CrawlReport.failure(stats)).contains("The crawl reached its deadline (max_duration: 1 s) while "
                + "reading robots.txt and sitemaps, before any page was fetched. Raise max_duration in the source's config.");
    }

    @Test
    void a_crawl_stops_taking_urls_once_it_downloaded_the_sources_byte_limit() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links("p", 5)));
        server.routeUnder("/docs/p", exchange -> generated(exchange, "z".repeat(10_000)));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"),
                config().parallelism(1).maxTotalBytes(15_000).build());

        // the home page and p1 stay under 15000 bytes, p2 passes them: nothing more is taken
        CrawlStats stats = result.stats();
        assertThat(result.recording().paths(NEW)).containsExactly("/docs/", "/docs/p1.html", "/docs/p2.html");
        assertThat(reason(stats, "max_total_bytes").count()).isEqualTo(3);
        assertThat(CrawlReport.warnings(stats)).containsExactly("The crawl stopped at its download limit "
                + "(max_total_bytes: 15000 bytes) with 3 URLs not fetched (max_total_bytes in the coverage report); "
                + "pages it did not reach keep their stored copies.");
    }

    @Test
    void the_servers_byte_limit_applies_when_it_is_the_lower_one() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links("p", 5)));
        server.routeUnder("/docs/p", exchange -> generated(exchange, "z".repeat(10_000)));
        SiteCrawler crawler = new SiteCrawler(SiteCrawler.SETTINGS.withBounds(
                new CrawlBounds(Duration.ofSeconds(60), 5000, 100_000, 15_000)));

        CrawlStats stats = crawler.crawl(server.uri("docs/"), config().parallelism(1).maxTotalBytes(1_000_000).build()).stats();

        assertThat(stats.pagesNew()).isEqualTo(3);
        assertThat(CrawlReport.warnings(stats)).containsExactly("The crawl stopped at its download limit "
                + "(kh.crawler.max-crawl-bytes: 15000 bytes) with 3 URLs not fetched (max_total_bytes in the coverage "
                + "report); pages it did not reach keep their stored copies.");
    }

    /** A page of its own for each path (equal pages would be stored once), with {@code text}. */
    private static void generated(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
        FixtureSiteServer.html(Sites.html("Page " + exchange.getRequestURI().getPath(), "<p>Text." + text + "</p>"))
                .handle(exchange);
    }

    /** Links to {@code prefix}1.html … {@code prefix}{@code n}.html. */
    private static String links(String prefix, int n) {
        StringBuilder out = new StringBuilder("<p>Index.</p>");
        for (int i = 1; i <= n; i++) {
            out.append("<a href=\"").append(prefix).append(i).append(".html\">").append(i).append("</a> ");
        }
        return out.toString();
    }

    private static CrawlCoverage.Reason reason(CrawlStats stats, String code) {
        List<CrawlCoverage.Reason> found = stats.coverage().reasons().stream().filter(r -> r.code().equals(code)).toList();
        assertThat(found).as(code + " in " + stats.coverage().reasons()).hasSize(1);
        return found.get(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
