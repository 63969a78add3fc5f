package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.crawler.testing.RecordingListener;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.crawler.testing.TestAddresses;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A site that does everything a crawler must survive, on loopback: redirect loops and long chains, a calendar that
 * always has a next month, session ids in paths, 500 and 503, a page that never answers and one whose body stalls,
 * a page over the size limit and a gzip bomb, a binary file and a mis-encoded page sent as HTML, a gzip bomb
 * sitemap, robots.txt disallows, duplicates under tracking parameters, session path parameters, a canonical link,
 * {@code dir/} and {@code dir/index.html}, and one text under two URLs. The crawl must end, store every good page
 * once, and account for every URL with the exact counters and reasons below.
 *
 * <p>One request at a time, so that which of two equal pages is fetched first (and keeps the document) is fixed.
 */
class HostileSiteTest {

    /** Short timeouts and a small size limit, so that the slow and huge pages cost little time. */
    private static final CrawlerSettings SETTINGS = new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 8,
            Duration.ofSeconds(1), Duration.ofSeconds(1), 256 * 1024, 5, 1, Duration.ofSeconds(5),
            TestAddresses.loopbackSite());
    private static final Pattern MONTH = Pattern.compile("/site/calendar/(\\d{4})/(\\d{2})/");
    private static final Pattern SESSION = Pattern.compile("/site/sid/ABC(\\d+)/page\\.html");

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @BeforeEach
    void serve() throws IOException {
        server = FixtureSiteServer.serve(dir);
        Sites.write(dir.resolve("robots.txt"), "User-agent: *\nDisallow: /site/private/\nSitemap: "
                + server.uri("sitemap.xml.gz") + "\n");
        Sites.write(dir.resolve("site/index.html"), Sites.html("Hostile home", """
                <a href="a.html">A</a> <a href="a.html?utm_source=news&amp;utm_medium=mail">A, from the newsletter</a>
                <a href="b.html">B</a> <a href="b.html;jsessionid=ABC123">B, with a session</a>
                <a href="canon.html">Canonical</a> <a href="canon.html?print=1">Canonical, printable</a>
                <a href="guide/">Guide</a> <a href="guide/index.html">Guide, as a file</a>
                <a href="copy-a.html">Copy A</a> <a href="copy-b.html">Copy B</a>
                <a href="loop1.html">Loop</a> <a href="chain0.html">Long chain</a> <a href="short0.html">Short chain</a>
                <a href="calendar/2026/12/">Calendar</a> <a href="sid/ABC1/page.html">Session trap</a>
                <a href="err500.html">500</a> <a href="err503.html">503</a>
                <a href="slow.html">Slow</a> <a href="slow-body.html">Slow body</a>
                <a href="huge.html">Huge</a> <a href="bomb.html">Bomb</a> <a href="binary.html">Binary</a>
                <a href="latin1.html">Latin-1</a> <a href="private/secret.html">Secret</a>
                <a href="missing.html">Missing</a> <a href="/elsewhere.html">Elsewhere</a>
                <a href="redir-dir/">Folder that redirects to its index file</a> <a href="bare/">Folder without index</a>"""));
        Sites.write(dir.resolve("site/a.html"), Sites.html("Page A", "<p>Alpha: installing the server.</p>"));
        Sites.write(dir.resolve("site/b.html"), Sites.html("Page B", "<p>Beta: configuring the server.</p>"));
        Sites.write(dir.resolve("site/canon.html"), "<!DOCTYPE html><html><head><title>Canonical</title>"
                + "<link rel=\"canonical\" href=\"canon.html\"></head><body><main><h1>Canonical</h1>"
                + "<p>The one true page, also served for ?print=1.</p></main></body></html>");
        Sites.write(dir.resolve("site/guide/index.html"), Sites.html("Guide",
                "<p>The guide's start.</p><a href=\"g1.html\">Chapter 1</a> <a href=\"index.html\">Top</a>"));
        Sites.write(dir.resolve("site/guide/g1.html"), Sites.html("Chapter 1", "<p>Relative links resolved.</p>"));
        String copy = Sites.html("Published twice", "<p>The same page under two names.</p>");
        Sites.write(dir.resolve("site/copy-a.html"), copy);
        Sites.write(dir.resolve("site/copy-b.html"), copy);
        Sites.write(dir.resolve("site/short-end.html"), Sites.html("End of the chain", "<p>Two hops away.</p>"));
        Sites.write(dir.resolve("site/private/secret.html"), Sites.html("Secret", "<p>Not for crawlers.</p>"));
        Files.writeString(dir.resolve("site/huge.html"), Sites.html("Huge", "<p>" + "x".repeat(300_000) + "</p>"));

        server.route("/site/loop1.html", FixtureSiteServer.redirect(302, "loop2.html"));
        server.route("/site/loop2.html", FixtureSiteServer.redirect(302, "loop1.html"));
        for (int i = 0; i < 8; i++) {
            server.route("/site/chain" + i + ".html", FixtureSiteServer.redirect(301, "chain" + (i + 1) + ".html"));
        }
        server.route("/site/short0.html", FixtureSiteServer.redirect(301, "short1.html"));
        server.route("/site/short1.html", FixtureSiteServer.redirect(302, "short-end.html"));
        server.route("/site/err500.html", exchange -> exchange.sendResponseHeaders(500, -1));
        server.route("/site/err503.html", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(503, -1);
        });
        server.route("/site/slow.html", exchange -> {
            sleep(3000);
            FixtureSiteServer.send(exchange, 200, "text/html", Sites.html("Slow", "<p>Too late.</p>").getBytes(StandardCharsets.UTF_8));
        });
        server.route("/site/slow-body.html", exchange -> {
            byte[] body = Sites.html("Slow body", "<p>" + "y".repeat(2000) + "</p>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, 100);
                out.flush();
                sleep(3000);
                out.write(body, 100, body.length - 100);
            }
        });
        // 16 MiB inflated from about 16 KiB, far past the 256 KiB limit
        byte[] bomb = gzip("<html><body><p>", 16 * 1024 * 1024);
        server.route("/site/bomb.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            FixtureSiteServer.send(exchange, 200, "text/html; charset=utf-8", bomb);
        });
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        server.route("/site/binary.html", exchange -> FixtureSiteServer.send(exchange, 200, "text/html", binary));
        byte[] latin1 = Sites.html("Caf\u00e9 cr\u00e8me", "<p>Cr\u00e8me br\u00fbl\u00e9e, served as UTF-8 but written in Latin-1.</p>")
                .getBytes(StandardCharsets.ISO_8859_1);
        server.route("/site/latin1.html", exchange -> FixtureSiteServer.send(exchange, 200, "text/html; charset=utf-8", latin1));
        server.route("/site/redir-dir/", FixtureSiteServer.redirect(301, "/site/redir-dir/index.html"));
        server.route("/site/redir-dir/index.html", FixtureSiteServer.html(Sites.html("Redirecting folder",
                "<p>Reached under its index file.</p>")));
        server.route("/site/bare/", exchange -> FixtureSiteServer.send(exchange, 404, "text/plain", new byte[0]));
        server.route("/site/bare/index.html", FixtureSiteServer.html(Sites.html("Bare folder",
                "<p>Served only as index.html.</p>")));
        server.routeUnder("/site/calendar/", exchange -> {
            Matcher m = MONTH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                FixtureSiteServer.send(exchange, 404, "text/plain", new byte[0]);
                return;
            }
            YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            FixtureSiteServer.html(Sites.html("Events in " + month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                    + " " + month.getYear(), "<p>Nothing planned.</p><a href=\"" + monthPath(month.plusMonths(1))
                    + "\">Next month</a> <a href=\"" + monthPath(month.minusMonths(1)) + "\">Previous month</a>"))
                    .handle(exchange);
        });
        server.routeUnder("/site/sid/", exchange -> {
            Matcher m = SESSION.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                FixtureSiteServer.send(exchange, 404, "text/plain", new byte[0]);
                return;
            }
            // every answer writes a new session into its links, and the same text
            int next = Integer.parseInt(m.group(1)) + 1;
            FixtureSiteServer.html(Sites.html("Session page", "<p>The same text under every session.</p>"
                    + "<a href=\"/site/sid/ABC" + next + "/page.html\">Go on</a>")).handle(exchange);
        });
        byte[] sitemapBomb = gzip("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset "
                + "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><!--", 16 * 1024 * 1024);
        server.route("/sitemap.xml.gz", exchange -> FixtureSiteServer.send(exchange, 200, "application/gzip", sitemapBomb));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_hostile_site_is_crawled_to_its_end_with_every_url_accounted_for() throws Exception {
        SiteCrawler.Result result = new SiteCrawler(SETTINGS).crawl(server.uri("site/index.html"),
                config().maxDepth(3).parallelism(1).build());
        RecordingListener r = result.recording();
        List<FixtureSiteServer.LoggedRequest> requests = server.requests();
        List<String> paths = requests.stream().map(FixtureSiteServer.LoggedRequest::path).toList();

        // every good page once, under one URL: the base URL's index.html and guide/index.html as their folders, the
        // folder that redirects to its index file and the one answered only as index.html under the folder too
        assertThat(r.paths(NEW)).containsExactlyInAnyOrder("/site/", "/site/a.html", "/site/b.html", "/site/canon.html",
                "/site/guide/", "/site/guide/g1.html", "/site/copy-a.html", "/site/short-end.html",
                "/site/calendar/2026/10/", "/site/calendar/2026/11/", "/site/calendar/2026/12/",
                "/site/calendar/2027/01/", "/site/calendar/2027/02/", "/site/sid/ABC1/page.html",
                "/site/latin1.html", "/site/redir-dir/", "/site/bare/");
        assertThat(paths).doesNotContain("/site/index.html", "/site/guide/index.html")
                .noneMatch(p -> p.contains("jsessionid") || p.contains("private"));
        assertThat(requests).noneMatch(q -> q.query() != null && q.query().contains("utm_"));
        // the mis-encoded page is stored, its undecodable bytes replaced
        assertThat(r.at("/site/latin1.html").page().text()).contains("Cr\ufffdme br\ufffdl\ufffde");
        // one text under two URLs, and one under every session: stored once, the others recorded as aliases
        assertThat(r.at("/site/copy-b.html").aliasOf()).isEqualTo(url("site/copy-a.html"));
        assertThat(r.at("/site/sid/ABC2/page.html").aliasOf()).isEqualTo(url("site/sid/ABC1/page.html"));
        assertThat(r.at("/site/sid/ABC3/page.html").aliasOf()).isEqualTo(url("site/sid/ABC1/page.html"));
        assertThat(r.at("/site/copy-b.html").kind()).isEqualTo(SKIPPED);

        CrawlStats s = result.stats();
        assertThat(List.of(s.pagesChecked(), s.pagesNew(), s.pagesUpdated(), s.pagesUnchanged(), s.pagesDeleted(),
                s.pagesFailed(), s.pagesSkipped(), s.pagesDenied())).containsExactly(31, 17, 0, 0, 0, 7, 8, 0);
        assertThat(s.hitMaxPages()).isFalse();
        assertThat(s.complete()).isFalse(); // pages failed in ways that may pass: nothing is deleted on this evidence
        assertThat(CrawlReport.failure(s)).isEmpty();
        assertThat(CrawlReport.warnings(s)).containsExactly(
                "7 pages could not be fetched or read (timed out: 2 pages, redirect loop: 1 page, too many redirects: 1 page, other: 3 pages); "
                        + "stored copies keep their last content, and the next crawl tries again.",
                "The sitemap " + url("sitemap.xml.gz") + " was ignored: larger than 262144 bytes once decompressed.");

        CrawlCoverage report = s.coverage();
        assertThat(report.counts()).isEqualTo(new CrawlCoverage.Counts(33, 31, 17, 0, 0, 0, 8, 7, 6));
        assertThat(report.reasons()).extracting(CrawlCoverage.Reason::outcome, CrawlCoverage.Reason::code,
                CrawlCoverage.Reason::status, CrawlCoverage.Reason::count).containsExactly(
                tuple("failed", "timeout", null, 2),
                tuple("failed", "http_status", 404, 1),
                tuple("failed", "http_status", 500, 1),
                tuple("failed", "http_status", 503, 1),
                tuple("failed", "redirect_loop", null, 1),
                tuple("failed", "too_many_redirects", null, 1),
                tuple("skipped", "duplicate_of", null, 3),
                tuple("skipped", "too_large", null, 2),
                tuple("skipped", "canonical_to", null, 1),
                tuple("skipped", "robots", null, 1),
                tuple("skipped", "unsupported_content_type", null, 1),
                tuple("not_crawled", "max_depth", null, 3),
                tuple("not_crawled", "duplicate_of", null, 2),
                tuple("not_crawled", "out_of_scope", null, 1));
        assertThat(samples(report, "skipped", "duplicate_of")).containsExactly(
                new CrawlCoverage.Sample(url("site/copy-b.html"), "same content as " + url("site/copy-a.html")),
                new CrawlCoverage.Sample(url("site/sid/ABC2/page.html"), "same content as " + url("site/sid/ABC1/page.html")),
                new CrawlCoverage.Sample(url("site/sid/ABC3/page.html"), "same content as " + url("site/sid/ABC1/page.html")));
        assertThat(samples(report, "not_crawled", "duplicate_of")).containsExactly(
                new CrawlCoverage.Sample(url("site/a.html?utm_medium=mail&utm_source=news"), "duplicate of " + url("site/a.html")),
                new CrawlCoverage.Sample(url("site/b.html;jsessionid=ABC123"), "duplicate of " + url("site/b.html")));
        assertThat(samples(report, "not_crawled", "max_depth")).extracting(CrawlCoverage.Sample::url).containsExactly(
                url("site/calendar/2027/03/"), url("site/calendar/2026/09/"), url("site/sid/ABC4/page.html"));
        assertThat(samples(report, "skipped", "unsupported_content_type")).containsExactly(new CrawlCoverage.Sample(
                url("site/binary.html"), "not a kind of document that is indexed (binary content served as text/html)"));
        assertThat(samples(report, "failed", "redirect_loop")).containsExactly(new CrawlCoverage.Sample(url("site/loop1.html"),
                "redirect loop (" + url("site/loop2.html") + " redirects back to " + url("site/loop1.html") + ")"));
        assertThat(samples(report, "skipped", "canonical_to")).containsExactly(new CrawlCoverage.Sample(
                url("site/canon.html?print=1"), "duplicate of " + url("site/canon.html")));

        // the traps ended at max_depth, each page fetched once; the slow pages were tried twice (one retry)
        assertThat(paths).filteredOn(p -> p.startsWith("/site/calendar/")).hasSize(5);
        assertThat(paths).filteredOn(p -> p.startsWith("/site/sid/")).hasSize(3);
        assertThat(paths).filteredOn(p -> p.equals("/site/slow.html") || p.equals("/site/slow-body.html")).hasSize(4);
        // the long chain was followed as far as allowed, the loop once around
        assertThat(paths).filteredOn(p -> p.startsWith("/site/chain")).hasSize(6);
        assertThat(paths).filteredOn(p -> p.startsWith("/site/loop")).containsExactly("/site/loop1.html", "/site/loop2.html");
        // a folder answering 404 was asked for once more as its index file; one redirecting there was followed
        assertThat(paths).filteredOn(p -> p.startsWith("/site/bare/") || p.startsWith("/site/redir-dir/"))
                .containsExactly("/site/redir-dir/", "/site/redir-dir/index.html", "/site/bare/", "/site/bare/index.html");
    }

    private String url(String path) {
        return server.uri(path).toString();
    }

    private static String monthPath(YearMonth month) {
        return String.format("/site/calendar/%04d/%02d/", month.getYear(), month.getMonthValue());
    }

    private static List<CrawlCoverage.Sample> samples(CrawlCoverage report, String outcome, String code) {
        List<CrawlCoverage.Reason> found = report.reasons().stream()
                .filter(x -> x.outcome().equals(outcome) && x.code().equals(code)).toList();
        assertThat(found).as(outcome + " " + code + " in " + report.reasons()).hasSize(1);
        return found.get(0).samples();
    }

    /** {@code head} followed by {@code spaces} spaces, gzip-compressed: a few KiB that inflate to {@code spaces}. */
    private static byte[] gzip(String head, int spaces) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            byte[] block = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int written = 0; written < spaces; written += block.length) {
                out.write(block);
            }
        }
        return bytes.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
