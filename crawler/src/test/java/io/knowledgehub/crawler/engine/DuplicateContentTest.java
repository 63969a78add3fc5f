package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.crawler.testing.Sites;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.DELETED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UNCHANGED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UPDATED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One text under two URLs of a source is stored once, the other URL recorded as its alias; across crawls the stored
 * page keeps the document, and a copy that stops being a copy becomes a document of its own. One request at a time,
 * so that the order pages are fetched in is the order the home page links them.
 */
class DuplicateContentTest {

    private static final String SHARED = Sites.html("Installing", "<p>Download the archive and unpack it.</p>");

    @TempDir
    Path dir;
    private FixtureSiteServer server;
    private final SiteCrawler crawler = new SiteCrawler();

    @BeforeEach
    void serve() {
        home("original.html", "copy.html");
        Sites.write(dir.resolve("docs/original.html"), SHARED);
        Sites.write(dir.resolve("docs/copy.html"), SHARED);
        server = FixtureSiteServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_same_text_under_two_urls_is_stored_once_with_the_other_url_as_its_alias() throws Exception {
        SiteCrawler.Result result = crawl();

        assertThat(result.recording().at("/docs/original.html").kind()).isEqualTo(NEW);
        PageOutcome copy = result.recording().at("/docs/copy.html");
        assertThat(copy.kind()).isEqualTo(SKIPPED);
        assertThat(copy.code()).isEqualTo(UrlReason.DUPLICATE_OF);
        assertThat(copy.aliasOf()).isEqualTo(url("docs/original.html"));
        assertThat(copy.reason()).isEqualTo("same content as " + url("docs/original.html"));
        assertThat(result.stats().pagesSkipped()).isEqualTo(1);
    }

    @Test
    void a_copy_that_changes_becomes_a_document_of_its_own() throws Exception {
        crawl();
        Sites.write(dir.resolve("docs/copy.html"), Sites.html("Installing", "<p>Download the archive, check it, unpack it.</p>"));

        SiteCrawler.Result second = crawl();

        assertThat(second.recording().at("/docs/copy.html").kind()).isEqualTo(NEW);
        assertThat(second.recording().at("/docs/original.html").kind()).isEqualTo(UNCHANGED);
    }

    @Test
    void the_stored_page_keeps_the_document_when_its_copy_is_fetched_first() throws Exception {
        crawl();
        home("copy.html", "original.html");

        SiteCrawler.Result second = crawl();

        // the copy waited for the stored page's own answer (304) before it was recorded as its alias
        assertThat(second.recording().at("/docs/original.html").kind()).isEqualTo(UNCHANGED);
        assertThat(second.recording().at("/docs/copy.html").aliasOf()).isEqualTo(url("docs/original.html"));
        assertThat(second.recording().paths(NEW)).isEmpty();
    }

    @Test
    void a_copy_waiting_for_a_stored_page_that_changed_is_stored_on_its_own() throws Exception {
        crawl();
        home("copy.html", "original.html");
        Sites.write(dir.resolve("docs/original.html"), Sites.html("Installing", "<p>Use the package manager instead.</p>"));

        SiteCrawler.Result second = crawl();

        assertThat(second.recording().at("/docs/original.html").kind()).isEqualTo(UPDATED);
        assertThat(second.recording().at("/docs/copy.html").kind()).isEqualTo(NEW);
    }

    @Test
    void a_copy_waiting_for_a_stored_page_that_is_gone_is_stored_on_its_own() throws Exception {
        crawl();
        home("copy.html", "original.html");
        Files.delete(dir.resolve("docs/original.html"));

        SiteCrawler.Result second = crawl();

        assertThat(second.recording().at("/docs/original.html").kind()).isEqualTo(DELETED);
        assertThat(second.recording().at("/docs/copy.html").kind()).isEqualTo(NEW);
    }

    @Test
    void a_copy_of_a_stored_page_the_crawl_did_not_reach_is_its_alias() throws Exception {
        crawl();
        home("copy.html", "original.html");

        // the home page and copy.html only: original.html keeps its stored text, which copy.html shares
        SiteCrawler.Result second = crawler.crawl(server.uri("docs/"), config().parallelism(1).maxPages(2).build());

        assertThat(second.stats().hitMaxPages()).isTrue();
        assertThat(second.recording().at("/docs/copy.html").aliasOf()).isEqualTo(url("docs/original.html"));
        assertThat(second.recording().paths()).doesNotContain("/docs/original.html");
    }

    @Test
    void pages_without_text_are_not_folded_together() throws Exception {
        String empty = "<!DOCTYPE html><html><head><title></title></head><body><main></main></body></html>";
        Sites.write(dir.resolve("docs/original.html"), empty);
        Sites.write(dir.resolve("docs/copy.html"), empty);

        SiteCrawler.Result result = crawl();

        assertThat(result.recording().paths(NEW)).contains("/docs/original.html", "/docs/copy.html");
    }

    private SiteCrawler.Result crawl() throws InterruptedException {
        return crawler.crawl(server.uri("docs/"), config().parallelism(1).build());
    }

    /** The home page, linking the given pages in that order. */
    private void home(String... pages) {
        StringBuilder links = new StringBuilder("<p>Start here.</p>");
        for (String page : pages) {
            links.append("<a href=\"").append(page).append("\">").append(page).append("</a> ");
        }
        Sites.write(dir.resolve("docs/index.html"), Sites.html("Home", links.toString()));
    }

    private String url(String path) {
        return server.uri(path).toString();
    }
}
