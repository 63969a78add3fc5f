package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.DELETED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UNCHANGED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code <link rel="canonical">} on a real loopback site: a page is stored under its canonical URL only when that URL
 * gives a page that names no other canonical URL, and the stored URLs stay the same on every refresh.
 */
class CanonicalLinkCrawlTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;
    private final SiteCrawler crawler = new SiteCrawler();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A page with a title, a canonical link (or none) and a paragraph. */
    private void page(String path, String title, String canonical, String text) {
        String link = canonical == null ? "" : "<link rel=\"canonical\" href=\"" + canonical + "\">";
        Sites.write(dir.resolve("f/" + path), "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title
                + "</title>" + link + "</head><body><main><h1>" + title + "</h1><p>" + text + "</p></main></body></html>");
    }

    /** The home page, linking the given pages in that order. */
    private void home(String... pages) {
        StringBuilder links = new StringBuilder("<p>Start here.</p>");
        for (String p : pages) {
            links.append("<a href=\"").append(p).append("\">").append(p).append("</a> ");
        }
        Sites.write(dir.resolve("f/index.html"), Sites.html("Home", links.toString()));
    }

    private SiteCrawler.Result crawl(int parallelism) throws InterruptedException {
        return crawler.crawl(server.uri("f/"), config().parallelism(parallelism).build());
    }

    private void assertStoredAsItself(SiteCrawler.Result result, String path, String title, String word) {
        PageOutcome o = result.recording().at(path);
        assertThat(o.kind()).isEqualTo(NEW);
        assertThat(o.page().title()).isEqualTo(title);
        assertThat(o.page().text()).contains(word);
    }

    private static void assertNothingChanged(SiteCrawler.Result result) {
        CrawlStats s = result.stats();
        assertThat(s.pagesNew()).isZero();
        assertThat(s.pagesUpdated()).isZero();
        assertThat(s.pagesDeleted()).isZero();
        assertThat(result.recording().paths(DELETED)).isEmpty();
    }

    @ParameterizedTest(name = "{0} request(s) at a time")
    @ValueSource(ints = {1, 4})
    void pages_naming_each_other_as_canonical_are_each_stored_under_their_own_url_on_every_crawl(int parallelism)
            throws Exception {
        home("mut-a.html", "mut-b.html");
        page("mut-a.html", "Mut A", "/f/mut-b.html", "mutual a mutaword.");
        page("mut-b.html", "Mut B", "/f/mut-a.html", "mutual b mutbword.");
        server = FixtureSiteServer.serve(dir);

        SiteCrawler.Result first = crawl(parallelism);

        assertStoredAsItself(first, "/f/mut-a.html", "Mut A", "mutaword");
        assertStoredAsItself(first, "/f/mut-b.html", "Mut B", "mutbword");
        assertThat(first.recording().paths(DELETED)).isEmpty();
        assertThat(first.recording().paths(SKIPPED)).isEmpty();
        for (int refresh = 1; refresh <= 3; refresh++) {
            SiteCrawler.Result again = crawl(parallelism);

            assertNothingChanged(again);
            assertThat(again.recording().at("/f/mut-a.html").kind()).isEqualTo(UNCHANGED);
            assertThat(again.recording().at("/f/mut-b.html").kind()).isEqualTo(UNCHANGED);
            assertThat(again.stats().pagesUnchanged()).isEqualTo(3);
        }
    }

    @Test
    void a_chain_of_canonical_links_moves_only_the_page_whose_canonical_url_names_itself() throws Exception {
        home("a.html", "b.html");
        page("a.html", "A", "/f/b.html", "page a aword.");
        page("b.html", "B", "/f/c.html", "page b bword.");
        page("c.html", "C", "/f/c.html", "page c cword.");
        server = FixtureSiteServer.serve(dir);

        SiteCrawler.Result first = crawl(4);

        assertStoredAsItself(first, "/f/a.html", "A", "aword");
        assertStoredAsItself(first, "/f/c.html", "C", "cword");
        assertThat(first.recording().at("/f/b.html").kind()).isEqualTo(SKIPPED);
        assertThat(first.recording().at("/f/b.html").code()).isEqualTo(UrlReason.CANONICAL_TO);
        for (int refresh = 1; refresh <= 3; refresh++) {
            SiteCrawler.Result again = crawl(4);

            assertNothingChanged(again);
            assertThat(again.recording().paths(UNCHANGED)).containsExactlyInAnyOrder("/f/", "/f/a.html", "/f/c.html");
        }
    }

    @Test
    void a_canonical_link_to_a_missing_page_is_ignored() throws Exception {
        home("canon-x.html");
        page("canon-x.html", "Canon X", "/f/nonexistent.html", "canonxword.");
        server = FixtureSiteServer.serve(dir);

        SiteCrawler.Result first = crawl(4);

        assertStoredAsItself(first, "/f/canon-x.html", "Canon X", "canonxword");
        // the canonical URL was checked, and is no page
        assertThat(server.requestCount("/f/nonexistent.html")).isEqualTo(1);
        assertThat(first.recording().paths(NEW)).containsExactlyInAnyOrder("/f/", "/f/canon-x.html");
        assertThat(first.recording().at("/f/nonexistent.html").reason()).isEqualTo("HTTP 404");

        SiteCrawler.Result again = crawl(4);

        assertNothingChanged(again);
        assertThat(again.recording().at("/f/canon-x.html").kind()).isEqualTo(UNCHANGED);
    }

    @Test
    void a_canonical_url_that_appears_later_takes_the_page() throws Exception {
        home("canon-x.html");
        page("canon-x.html", "Canon X", "/f/real.html", "canonxword.");
        server = FixtureSiteServer.serve(dir);
        crawl(4);
        page("real.html", "Real", null, "realword.");

        SiteCrawler.Result second = crawl(4);

        assertStoredAsItself(second, "/f/real.html", "Real", "realword");
        PageOutcome x = second.recording().at("/f/canon-x.html");
        assertThat(x.kind()).isEqualTo(DELETED);
        assertThat(x.code()).isEqualTo(UrlReason.CANONICAL_TO);
        assertThat(x.reason()).isEqualTo("duplicate of " + server.uri("f/real.html"));
    }

    @ParameterizedTest(name = "canonical page linked: {0}")
    @ValueSource(booleans = {true, false})
    void a_page_whose_canonical_url_names_itself_is_stored_once_under_that_url(boolean linked) throws Exception {
        if (linked) {
            home("print.html", "page.html");
        } else {
            home("print.html");
        }
        page("page.html", "Page", "/f/page.html", "the page pageword.");
        page("print.html", "Page", "/f/page.html", "the page pageword, printable.");
        server = FixtureSiteServer.serve(dir);

        SiteCrawler.Result first = crawl(4);

        assertThat(first.recording().paths(NEW)).containsExactlyInAnyOrder("/f/", "/f/page.html");
        // the canonical page's own text, not its printable copy's
        assertThat(first.recording().at("/f/page.html").page().text()).contains("pageword").doesNotContain("printable");
        PageOutcome print = first.recording().at("/f/print.html");
        assertThat(print.kind()).isEqualTo(SKIPPED);
        assertThat(print.code()).isEqualTo(UrlReason.CANONICAL_TO);
        assertThat(print.reason()).isEqualTo("duplicate of " + server.uri("f/page.html"));
        assertThat(server.requestCount("/f/page.html")).isEqualTo(1);
        for (int refresh = 1; refresh <= 3; refresh++) {
            server.clearLog();
            SiteCrawler.Result again = crawl(4);

            assertNothingChanged(again);
            assertThat(again.recording().at("/f/page.html").kind()).isEqualTo(UNCHANGED);
            assertThat(again.recording().at("/f/print.html").kind()).isEqualTo(SKIPPED);
            assertThat(again.recording().at("/f/print.html").code()).isEqualTo(UrlReason.CANONICAL_TO);
            // the canonical page answered a conditional request
            assertThat(server.requests()).filteredOn(r -> r.path().equals("/f/page.html"))
                    .extracting(FixtureSiteServer.LoggedRequest::status).containsExactly(304);
        }
    }
}
