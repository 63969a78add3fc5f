package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UNCHANGED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UPDATED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/** A site with an llms.txt, Markdown twins of HTML pages, Markdown and plain-text pages. */
class MarkdownSiteCrawlTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void site(boolean llmsTxt) throws IOException {
        write("docs/index.html", "<html><head><title>Home</title></head><body><main><h1>Home</h1>"
                + "<p><a href=\"page.html\">Page</a></p></main></body></html>");
        write("docs/page.html", "<html><head><title>Page</title><link rel=\"alternate\" type=\"text/markdown\" href=\"page.md\">"
                + "</head><body><main><h1>Page</h1><p>The HTML version.</p><a href=\"more.html\">More</a></main></body></html>");
        write("docs/page.md", "# Page from Markdown\n\nThe Markdown version, see [the notes](notes.txt).\n");
        write("docs/more.html", "<html><head><title>More</title></head><body><main><p>More text.</p></main></body></html>");
        write("docs/intro.html", "<html><head><title>Intro</title></head><body><main><p>Intro as HTML.</p></main></body></html>");
        write("docs/intro.html.md", "# Intro\n\n## First steps\n\nIntro as Markdown.\n");
        write("docs/notes.txt", "Notes\n\nPlain notes.\n");
        write("docs/hidden.md", "# Hidden\n\nOnly llms.txt lists this page.\n");
        if (llmsTxt) {
            write("docs/llms.txt", "# Docs\n\n> The docs.\n\n## Pages\n\n- [Intro](intro.html.md): start here\n"
                    + "- [Hidden](https://HOST/docs/hidden.md)\n- [Elsewhere](http://127.0.0.2/docs/x.md)\n- [Outside](/blog/post.md)\n");
        }
        server = FixtureSiteServer.serve(dir);
        if (llmsTxt) {
            write("docs/llms.txt", Files.readString(dir.resolve("docs/llms.txt")).replace("https://HOST",
                    server.baseUri().toString().replaceAll("/$", "")));
        }
    }

    private static Map<String, String> stored(SiteCrawler.Result result) {
        Map<String, String> out = new TreeMap<>();
        for (String path : result.recording().paths(NEW)) {
            ExtractedPage page = result.recording().at(path).page();
            out.put(path, page.kind().wire() + ": " + page.title());
        }
        return out;
    }

    @Test
    void reads_llms_txt_links_in_scope_as_seeds_and_stores_twins_under_their_html_url() throws Exception {
        site(true);

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(stored(result)).isEqualTo(new TreeMap<>(Map.of(
                "/docs/", "html: Home",
                "/docs/page.html", "markdown: Page from Markdown",
                "/docs/more.html", "html: More",
                "/docs/intro.html", "markdown: Intro",
                "/docs/notes.txt", "text: Notes",
                "/docs/hidden.md", "markdown: Hidden")));
        ExtractedPage page = result.recording().at("/docs/page.html").page();
        assertThat(page.text()).isEqualTo("# Page from Markdown\n\nThe Markdown version, see the notes.");
        assertThat(page.kind()).isEqualTo(ContentKind.MARKDOWN);
        assertThat(result.recording().at("/docs/intro.html").page().headings())
                .containsExactly(new Heading(1, "Intro", "intro"), new Heading(2, "First steps", "first-steps"));
        // the twins are fetched once and not stored under their own URLs
        assertThat(server.requestCount("/docs/page.md")).isEqualTo(1);
        assertThat(server.requestCount("/docs/intro.html")).isZero();
        assertThat(server.requestedPaths()).doesNotContain("/blog/post.md");
        assertThat(server.requestCount("/docs/llms-full.txt")).isZero();
    }

    @Test
    void looks_for_llms_txt_under_the_base_path_then_at_the_root_and_then_for_llms_full_txt() throws Exception {
        site(false);

        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("docs/"), config().build());

        assertThat(stored(result)).doesNotContainKeys("/docs/hidden.md", "/docs/intro.html");
        assertThat(server.requestedPaths()).containsSubsequence("/docs/llms.txt", "/llms.txt", "/docs/llms-full.txt",
                "/llms-full.txt");
    }

    /** A page read from its Markdown twin, as in the first test, without the rest of that site. */
    private void twinSite() throws IOException {
        write("docs/index.html", "<html><head><title>Home</title></head><body><main><h1>Home</h1>"
                + "<p><a href=\"page.html\">Page</a></p></main></body></html>");
        write("docs/page.html", "<html><head><title>Page</title><link rel=\"alternate\" type=\"text/markdown\" href=\"page.md\">"
                + "</head><body><main><h1>Page</h1><p>The HTML version.</p></main></body></html>");
        write("docs/page.md", "# Page from Markdown\n\nThe first Markdown words.\n");
        server = FixtureSiteServer.serve(dir);
    }

    private List<FixtureSiteServer.LoggedRequest> requestsOf(String path) {
        return server.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void a_refresh_reads_a_changed_twin_although_its_html_page_answers_304() throws Exception {
        twinSite();
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());

        // only the Markdown changes: the HTML page answers 304
        write("docs/page.md", "# Page from Markdown\n\nThe changed Markdown words.\n");
        server.clearLog();
        SiteCrawler.Result second = crawler.crawl(server.uri("docs/"), config().build());

        PageOutcome page = second.recording().at("/docs/page.html");
        assertThat(page.kind()).isEqualTo(UPDATED);
        assertThat(page.page().kind()).isEqualTo(ContentKind.MARKDOWN);
        assertThat(page.page().text()).isEqualTo("# Page from Markdown\n\nThe changed Markdown words.");
        assertThat(second.recording().at("/docs/").kind()).isEqualTo(UNCHANGED);
        assertThat(second.recording().paths()).containsExactlyInAnyOrder("/docs/", "/docs/page.html");
        CrawlStats s = second.stats();
        assertThat(s.pagesUpdated()).isEqualTo(1);
        assertThat(s.pagesUnchanged()).isEqualTo(1);
        assertThat(s.pagesNew() + s.pagesFailed() + s.pagesSkipped() + s.pagesDeleted()).isZero();
        assertThat(s.pagesChecked()).isEqualTo(2);
        // the twin was asked once, with its validators; the HTML page once more in full to read it again
        assertThat(requestsOf("/docs/page.md")).singleElement()
                .satisfies(r -> assertThat(r.ifNoneMatch()).isNotNull())
                .satisfies(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(requestsOf("/docs/page.html")).extracting(FixtureSiteServer.LoggedRequest::status)
                .containsExactly(304, 200);

        // nothing changed: one conditional GET of each
        server.clearLog();
        SiteCrawler.Result third = crawler.crawl(server.uri("docs/"), config().build());

        assertThat(third.recording().at("/docs/page.html").kind()).isEqualTo(UNCHANGED);
        assertThat(third.stats().pagesUnchanged()).isEqualTo(2);
        assertThat(third.stats().pagesChecked()).isEqualTo(2);
        assertThat(requestsOf("/docs/page.md")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(304));
        assertThat(requestsOf("/docs/page.html")).extracting(FixtureSiteServer.LoggedRequest::status)
                .containsExactly(304);
    }

    @Test
    void an_empty_twin_leaves_the_page_its_html_text_in_a_first_crawl_and_a_refresh() throws Exception {
        twinSite();
        write("docs/page.md", "\n  \n");
        SiteCrawler.Result first = new SiteCrawler().crawl(server.uri("docs/"), config().build());
        assertThat(first.recording().at("/docs/page.html").page().kind()).isEqualTo(ContentKind.HTML);
        assertThat(first.recording().at("/docs/page.html").page().text()).contains("The HTML version.");

        // read from a twin with text, which is then emptied: the page is its HTML again
        write("docs/page.md", "# Page from Markdown\n\nThe first Markdown words.\n");
        SiteCrawler crawler = new SiteCrawler();
        assertThat(crawler.crawl(server.uri("docs/"), config().build()).recording().at("/docs/page.html").page().kind())
                .isEqualTo(ContentKind.MARKDOWN);
        write("docs/page.md", "");
        SiteCrawler.Result emptied = crawler.crawl(server.uri("docs/"), config().build());
        PageOutcome page = emptied.recording().at("/docs/page.html");
        assertThat(page.kind()).isEqualTo(UPDATED);
        assertThat(page.page().kind()).isEqualTo(ContentKind.HTML);
        assertThat(page.page().text()).contains("The HTML version.");
    }

    @Test
    void a_page_whose_twin_is_gone_is_read_from_its_html_again() throws Exception {
        twinSite();
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());

        Files.delete(dir.resolve("docs/page.md"));
        server.clearLog();
        SiteCrawler.Result second = crawler.crawl(server.uri("docs/"), config().build());

        PageOutcome page = second.recording().at("/docs/page.html");
        assertThat(page.kind()).isEqualTo(UPDATED);
        assertThat(page.page().kind()).isEqualTo(ContentKind.HTML);
        assertThat(page.page().text()).contains("The HTML version.");
        assertThat(second.stats().pagesUpdated()).isEqualTo(1);
        assertThat(second.stats().pagesDeleted() + second.stats().pagesFailed()).isZero();
        assertThat(requestsOf("/docs/page.md")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(404));
        // fetched again without validators: the 304 said nothing of the HTML's text, which was never stored
        assertThat(requestsOf("/docs/page.html")).extracting(FixtureSiteServer.LoggedRequest::status)
                .containsExactly(304, 200);
        assertThat(requestsOf("/docs/page.html").get(1).ifNoneMatch()).isNull();
    }

    @Test
    void a_twin_that_cannot_be_asked_this_time_leaves_the_stored_text() throws Exception {
        twinSite();
        SiteCrawler crawler = new SiteCrawler();
        crawler.crawl(server.uri("docs/"), config().build());

        server.route("/docs/page.md", exchange -> FixtureSiteServer.send(exchange, 500, "text/plain",
                "down".getBytes(StandardCharsets.UTF_8)));
        SiteCrawler.Result second = crawler.crawl(server.uri("docs/"), config().build());

        assertThat(second.recording().at("/docs/page.html").kind()).isEqualTo(UNCHANGED);
        assertThat(second.stats().pagesUnchanged()).isEqualTo(2);
        assertThat(crawler.known().get(server.uri("docs/page.html").toString()).twin()).isNotNull();
    }
}
