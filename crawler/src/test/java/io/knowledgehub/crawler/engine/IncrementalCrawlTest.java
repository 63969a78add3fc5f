package io.knowledgehub.crawler.engine;

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
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UNCHANGED;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.UPDATED;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/** Re-crawls of the "incremental" fixture site after editing it between crawls. */
class IncrementalCrawlTest {

    @TempDir
    Path dir;
    private FixtureSiteServer server;
    private final SiteCrawler crawler = new SiteCrawler();

    @BeforeEach
    void serve() {
        server = FixtureSiteServer.serve(Sites.copy("incremental", dir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SiteCrawler.Result crawl(io.knowledgehub.crawler.testing.TestConfig config) throws InterruptedException {
        return crawler.crawl(server.uri("index.html"), config.build());
    }

    @Test
    void recrawl_reports_exactly_what_changed_and_uses_conditional_gets() throws Exception {
        SiteCrawler.Result first = crawl(config());
        assertThat(first.stats().pagesNew()).isEqualTo(6);

        Sites.edit(dir.resolve("b.html"), "Indexes speed up lookups.",
                "Indexes speed up lookups and enforce uniqueness. See <a href=\"e.html\">expressions</a>.");
        Sites.write(dir.resolve("e.html"), Sites.html("Expressions", "<p>Expression indexes.</p>"));
        Files.delete(dir.resolve("d.html"));
        server.clearLog();

        SiteCrawler.Result second = crawl(config());

        CrawlStats s = second.stats();
        assertThat(s.pagesChecked()).isEqualTo(7);
        assertThat(s.pagesNew()).isEqualTo(1);
        assertThat(s.pagesUpdated()).isEqualTo(1);
        assertThat(s.pagesUnchanged()).isEqualTo(4);
        assertThat(s.pagesDeleted()).isEqualTo(1);
        assertThat(s.pagesFailed()).isZero();
        assertThat(s.pagesSkipped()).isZero();
        assertThat(second.recording().paths(NEW)).containsExactly("/e.html");
        assertThat(second.recording().paths(UPDATED)).containsExactly("/b.html");
        assertThat(second.recording().paths(DELETED)).containsExactly("/d.html");
        assertThat(second.recording().at("/d.html").reason()).isEqualTo("HTTP 404");
        assertThat(second.recording().paths(UNCHANGED)).containsExactlyInAnyOrder("/", "/a.html", "/c.html", "/storage.html");
        // the unchanged pages were not downloaded again: the server answered them 304
        assertThat(server.requests()).filteredOn(r -> r.status() == 304)
                .extracting(FixtureSiteServer.LoggedRequest::path)
                .containsExactlyInAnyOrder("/", "/a.html", "/c.html", "/storage.html");
        assertThat(server.requests()).filteredOn(r -> r.path().equals("/a.html"))
                .allSatisfy(r -> assertThat(r.ifNoneMatch()).isNotNull());
    }

    @Test
    void unchanged_page_keeps_its_stored_links_followed() throws Exception {
        crawl(config());
        // a.html is unchanged (304), and it is the only page linking to b.html besides the index
        Sites.edit(dir.resolve("index.html"), "<a href=\"b.html\">Indexes</a>, ", "");
        server.clearLog();

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/a.html").kind()).isEqualTo(UNCHANGED);
        assertThat(second.recording().at("/b.html").kind()).isEqualTo(UNCHANGED);
        assertThat(second.recording().at("/b.html").depth()).isEqualTo(2);
        assertThat(second.recording().at("/").kind()).isEqualTo(UPDATED);
        assertThat(second.stats().pagesDeleted()).isZero();
    }

    @Test
    void deletes_known_pages_no_longer_linked_after_a_complete_crawl() throws Exception {
        crawl(config());
        Sites.edit(dir.resolve("index.html"), "<a href=\"d.html\">Statistics</a>, ", "");

        SiteCrawler.Result second = crawl(config());

        PageOutcome d = second.recording().at("/d.html");
        assertThat(d.kind()).isEqualTo(DELETED);
        assertThat(d.reason()).isEqualTo("no longer linked");
        assertThat(second.stats().pagesDeleted()).isEqualTo(1);
        // never fetched: its absence from the site's links is what deleted it
        assertThat(second.stats().pagesChecked()).isEqualTo(5);
    }

    @Test
    void deletes_a_known_page_that_is_no_longer_html() throws Exception {
        crawl(config());
        server.route("/c.html", exchange -> FixtureSiteServer.send(exchange, 200, "application/zip", new byte[100]));

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/c.html").kind()).isEqualTo(DELETED);
        assertThat(second.recording().at("/c.html").reason()).startsWith("not a kind of document that is indexed");
        assertThat(second.stats().pagesSkipped()).isZero();
    }

    /** job-outcomes.md: a stored page deleted because the source's settings now leave it out says which setting. */
    @Test
    void a_known_page_left_out_by_a_lower_max_depth_or_a_new_exclude_pattern_is_deleted_for_that_reason() throws Exception {
        Sites.edit(dir.resolve("index.html"), "<a href=\"b.html\">Indexes</a>, ", "");
        crawl(config());

        SiteCrawler.Result shallower = crawl(config().maxDepth(1));
        PageOutcome b = shallower.recording().at("/b.html");
        assertThat(b.kind()).isEqualTo(DELETED);
        assertThat(b.reason()).isEqualTo("deeper than max_depth (1), linked from " + server.uri("a.html"));
        assertThat(shallower.stats().coverage().reasons()).filteredOn(r -> r.outcome().equals("deleted"))
                .extracting(r -> r.code()).containsExactly("max_depth");

        SiteCrawler.Result excluded = crawl(config().maxDepth(1).exclude("**/c.html"));
        PageOutcome c = excluded.recording().at("/c.html");
        assertThat(c.kind()).isEqualTo(DELETED);
        assertThat(c.reason()).isEqualTo("matches **/c.html");
        assertThat(excluded.stats().pagesDeleted()).isEqualTo(1);
    }

    @Test
    void keeps_unreached_pages_when_the_crawl_hit_max_pages() throws Exception {
        crawl(config());

        SiteCrawler.Result limited = crawl(config().maxPages(2));

        assertThat(limited.stats().hitMaxPages()).isTrue();
        assertThat(limited.stats().pagesDeleted()).isZero();
    }

    @Test
    void keeps_unreached_pages_when_a_page_failed_with_a_server_error() throws Exception {
        crawl(config());
        Sites.edit(dir.resolve("index.html"), "<a href=\"d.html\">Statistics</a>, ", "");
        server.route("/a.html", exchange -> exchange.sendResponseHeaders(500, -1));

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/a.html").kind()).isEqualTo(PageOutcome.Kind.FAILED);
        // d.html is unlinked now, but a failed page might have linked it: nothing is deleted on that evidence
        assertThat(second.stats().pagesDeleted()).isZero();
    }

    @Test
    void keeps_every_page_when_the_base_url_cannot_be_fetched() throws Exception {
        crawl(config());
        // the base URL index.html is crawled as its folder
        server.route("/", exchange -> exchange.sendResponseHeaders(502, -1));

        SiteCrawler.Result second = crawl(config());

        assertThat(second.stats().pagesFailed()).isEqualTo(1);
        assertThat(second.stats().pagesDeleted()).isZero();
        assertThat(crawler.known()).hasSize(6);
    }

    @Test
    void equal_content_hash_is_unchanged_even_when_the_file_was_rewritten() throws Exception {
        crawl(config());
        // different bytes (so a new ETag and a 200), same extracted text
        Sites.edit(dir.resolve("a.html"), "<p>Tables hold rows.", "<p>Tables    hold\n rows.");

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/a.html").kind()).isEqualTo(UNCHANGED);
        assertThat(server.requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/a.html");
            assertThat(r.status()).isEqualTo(200);
        });
    }

    @Test
    void min_change_threshold_treats_a_one_word_edit_as_unchanged() throws Exception {
        crawl(config().minChangeThreshold(0.1));
        Sites.edit(dir.resolve("storage.html"), "fixed size pages", "fixed length pages");

        SiteCrawler.Result second = crawl(config().minChangeThreshold(0.1));

        assertThat(second.recording().at("/storage.html").kind()).isEqualTo(UNCHANGED);
        assertThat(second.stats().pagesUpdated()).isZero();
    }

    @Test
    void min_change_threshold_still_reports_a_large_edit() throws Exception {
        crawl(config().minChangeThreshold(0.1));
        Sites.write(dir.resolve("storage.html"), Sites.html("Storage", "<p>Storage is now described elsewhere,"
                + " in the chapter about tablespaces and files on disk.</p><p><a href=\"index.html\">Back</a></p>"));

        SiteCrawler.Result second = crawl(config().minChangeThreshold(0.1));

        assertThat(second.recording().at("/storage.html").kind()).isEqualTo(UPDATED);
    }

    @Test
    void without_a_threshold_a_one_word_edit_is_an_update() throws Exception {
        crawl(config());
        Sites.edit(dir.resolve("storage.html"), "fixed size pages", "fixed length pages");

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/storage.html").kind()).isEqualTo(UPDATED);
    }

    @Test
    void force_refresh_reprocesses_every_page_without_conditional_requests() throws Exception {
        crawl(config());
        server.clearLog();

        SiteCrawler.Result forced = crawler.forceRefresh(server.uri("index.html"), config().build());

        assertThat(forced.stats().pagesUpdated()).isEqualTo(6);
        assertThat(forced.stats().pagesUnchanged()).isZero();
        assertThat(forced.recording().outcomes).allSatisfy(o -> assertThat(o.page()).isNotNull());
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.ifNoneMatch()).isNull();
            assertThat(r.ifModifiedSince()).isNull();
        });
    }

    @Test
    void remove_patterns_keep_a_changing_timestamp_out_of_the_hash() throws Exception {
        String pattern = "Last updated: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";
        crawl(config().removePatterns(pattern));
        Sites.edit(dir.resolve("c.html"), "2024-01-15 10:00:00", "2024-02-20 18:30:00");

        SiteCrawler.Result second = crawl(config().removePatterns(pattern));

        assertThat(second.recording().at("/c.html").kind()).isEqualTo(UNCHANGED);
    }

    @Test
    void without_remove_patterns_a_changing_timestamp_is_an_update() throws Exception {
        crawl(config());
        Sites.edit(dir.resolve("c.html"), "2024-01-15 10:00:00", "2024-02-20 18:30:00");

        SiteCrawler.Result second = crawl(config());

        assertThat(second.recording().at("/c.html").kind()).isEqualTo(UPDATED);
    }

    @Test
    void exclude_selectors_keep_an_element_out_of_the_hash() throws Exception {
        crawl(config().excludeSelectors(".last-updated"));
        Sites.edit(dir.resolve("c.html"), "2024-01-15 10:00:00", "2024-02-20 18:30:00");

        SiteCrawler.Result second = crawl(config().excludeSelectors(".last-updated"));

        assertThat(second.recording().at("/c.html").kind()).isEqualTo(UNCHANGED);
    }
}
