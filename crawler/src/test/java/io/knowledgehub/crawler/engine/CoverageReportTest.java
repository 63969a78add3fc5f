package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The coverage report of a crawl ({@link CrawlStats#coverage()}): exact counts, and every URL that was not stored
 * under its reason with sample URLs, over a real site on loopback whose pages produce one reason each.
 */
class CoverageReportTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() throws IOException {
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nDisallow: /docs/private/\n");
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", """
                <a href="a.html">A</a> <a href="a.html?utm_source=newsletter&amp;utm_medium=email">A again</a>
                <a href="b.html">B</a> <a href="missing.html">Missing</a> <a href="private/secret.html">Secret</a>
                <a href="drafts/wip.html">Draft</a> <a href="/blog/post.html">Blog</a>
                <a href="https://example.org/elsewhere">Elsewhere</a> <a href="big.html">Big</a>
                <a href="archive.zip">Archive</a>"""));
        Sites.write(dir.resolve("docs/a.html"), Sites.html("Page A", "<p>Alpha text about installing.</p>"));
        Sites.write(dir.resolve("docs/b.html"), Sites.html("Page B", "<p>Beta text.</p><a href=\"deep/c.html\">C</a>"));
        Sites.write(dir.resolve("docs/deep/c.html"), Sites.html("Page C", "<p>Too deep.</p>"));
        Sites.write(dir.resolve("docs/private/secret.html"), Sites.html("Secret", "<p>Not for crawlers.</p>"));
        Sites.write(dir.resolve("docs/drafts/wip.html"), Sites.html("Draft", "<p>Work in progress.</p>"));
        // over the 1 MiB the test crawler reads
        Files.writeString(dir.resolve("docs/big.html"), Sites.html("Big", "<p>" + "x".repeat(1_100_000) + "</p>"));
        Files.write(dir.resolve("docs/archive.zip"), new byte[]{'P', 'K', 3, 4});
        server = FixtureSiteServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void counts_every_url_and_gives_the_reason_for_each_that_was_not_stored() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/index.html"),
                config().maxDepth(1).exclude("**/drafts/**").build());

        CrawlCoverage report = result.stats().coverage();
        // index, a, b, missing, secret, big, archive: in scope and queued; deep/c.html is beyond max_depth
        assertThat(report.counts()).isEqualTo(new CrawlCoverage.Counts(7, 6, 3, 0, 0, 0, 3, 1, 5));
        // what needs attention first, then the most frequent
        assertThat(report.reasons()).extracting(CrawlCoverage.Reason::outcome, CrawlCoverage.Reason::code,
                CrawlCoverage.Reason::status, CrawlCoverage.Reason::count).containsExactly(
                tuple("failed", "http_status", 404, 1),
                tuple("skipped", "robots", null, 1),
                tuple("skipped", "too_large", null, 1),
                tuple("skipped", "unsupported_content_type", null, 1),
                tuple("not_crawled", "out_of_scope", null, 2),
                tuple("not_crawled", "duplicate_of", null, 1),
                tuple("not_crawled", "excluded_by_pattern", null, 1),
                tuple("not_crawled", "max_depth", null, 1));
        assertThat(reason(report, "http_status").label()).isEqualTo("answered HTTP 404");
        assertThat(reason(report, "http_status").samples())
                .containsExactly(new CrawlCoverage.Sample(url("docs/missing.html"), null));
        assertThat(reason(report, "robots").samples())
                .containsExactly(new CrawlCoverage.Sample(url("docs/private/secret.html"), null));
        assertThat(reason(report, "too_large").samples())
                .containsExactly(new CrawlCoverage.Sample(url("docs/big.html"), "too large (over 1048576 bytes)"));
        assertThat(reason(report, "unsupported_content_type").samples()).containsExactly(new CrawlCoverage.Sample(
                url("docs/archive.zip"), "not a kind of document that is indexed (application/zip)"));
        assertThat(reason(report, "duplicate_of").samples()).containsExactly(new CrawlCoverage.Sample(
                url("docs/a.html?utm_medium=email&utm_source=newsletter"), "duplicate of " + url("docs/a.html")));
        assertThat(reason(report, "excluded_by_pattern").samples())
                .containsExactly(new CrawlCoverage.Sample(url("docs/drafts/wip.html"), "matches **/drafts/**"));
        assertThat(reason(report, "max_depth").samples())
                .containsExactly(new CrawlCoverage.Sample(url("docs/deep/c.html"), "linked from " + url("docs/b.html")));
        assertThat(reason(report, "out_of_scope").samples()).extracting(CrawlCoverage.Sample::url)
                .containsExactly(url("blog/post.html"), "https://example.org/elsewhere");
        // nothing outside the scope was fetched
        assertThat(server.requestCount("/docs/drafts/wip.html") + server.requestCount("/blog/post.html")
                + server.requestCount("/docs/deep/c.html") + server.requestCount("/docs/private/secret.html")).isZero();
    }

    @Test
    void a_link_beyond_max_depth_from_one_page_but_reached_from_another_is_not_reported() throws Exception {
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home",
                "<a href=\"b.html\">B</a> <a href=\"deep/c.html\">C, directly</a>"));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/index.html"), config().maxDepth(1).build());

        assertThat(result.recording().at("/docs/deep/c.html").kind()).isEqualTo(PageOutcome.Kind.NEW);
        assertThat(result.stats().coverage().reasons()).isEmpty();
        assertThat(result.stats().coverage().counts().notCrawled()).isZero();
    }

    @Test
    void urls_left_by_max_pages_are_counted_with_at_most_five_samples() throws Exception {
        String links = IntStream.rangeClosed(1, 12).mapToObj(i -> "<a href=\"p" + i + ".html\">P" + i + "</a>")
                .reduce("", String::concat);
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links));
        IntStream.rangeClosed(1, 12).forEach(i ->
                Sites.write(dir.resolve("docs/p" + i + ".html"), Sites.html("P" + i, "<p>Page " + i + ".</p>")));

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/index.html"),
                config().maxPages(4).parallelism(1).build());

        CrawlCoverage report = result.stats().coverage();
        assertThat(result.stats().hitMaxPages()).isTrue();
        assertThat(report.counts().fetched()).isEqualTo(4);
        assertThat(report.counts().discovered()).isEqualTo(13);
        assertThat(report.counts().notCrawled()).isEqualTo(9);
        CrawlCoverage.Reason maxPages = reason(report, "max_pages");
        assertThat(maxPages.count()).isEqualTo(9);
        assertThat(maxPages.samples()).hasSize(CrawlCoverage.SAMPLES_PER_REASON);
        assertThat(maxPages.samples()).extracting(CrawlCoverage.Sample::url).allSatisfy(u -> assertThat(u).matches(".*/docs/p\\d+\\.html"));
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private static CrawlCoverage.Reason reason(CrawlCoverage report, String code) {
        List<CrawlCoverage.Reason> found = report.reasons().stream().filter(r -> r.code().equals(code)).toList();
        assertThat(found).as("reasons with code " + code + " in " + report.reasons()).hasSize(1);
        return found.get(0);
    }
}
