package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.testing.RecordingListener;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.testing.Sites.site;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/** Scope, depth, page limits and URL normalisation, crawling the "docs" fixture site over loopback. */
class CrawlScopeAndLimitsTest {

    private static FixtureSiteServer server;

    @BeforeAll
    static void serve() {
        server = FixtureSiteServer.serve(site("docs"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        server.clearLog();
    }

    @Test
    void follows_only_pages_under_base_path() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().build());

        assertThat(result.recording().paths(NEW)).filteredOn(p -> !p.startsWith("/guide/intro.html"))
                .containsExactlyInAnyOrder("/guide/", "/guide/level1.html", "/guide/level2.html", "/guide/level3.html",
                        "/guide/level4.html", "/guide/api/", "/guide/api/ref.html", "/guide/api/internal.html");
        introStoredOnce(result);
        assertThat(server.requestedPaths()).allMatch(p -> p.startsWith("/guide/") || p.equals("/robots.txt")
                || p.equals("/sitemap.xml") || p.equals("/llms.txt") || p.equals("/llms-full.txt"));
        assertThat(result.stats().pagesChecked()).isEqualTo(10);
        assertThat(result.stats().hitMaxPages()).isFalse();
        // links with tracking parameters name the pages already taken: neither fetched nor stored again
        assertThat(server.requestedPaths()).noneMatch(p -> p.contains("utm_") || p.contains("fbclid"));
    }

    @Test
    void records_depth_breadth_first_from_the_base_url() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().build());

        assertThat(result.recording().at("/guide/").depth()).isZero();
        assertThat(result.recording().at("/guide/level1.html").depth()).isEqualTo(1);
        assertThat(result.recording().at("/guide/level2.html").depth()).isEqualTo(2);
        assertThat(result.recording().at("/guide/api/ref.html").depth()).isEqualTo(2);
        assertThat(result.recording().at("/guide/level4.html").depth()).isEqualTo(4);
    }

    @Test
    void stops_following_links_beyond_max_depth() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().maxDepth(2).build());

        assertThat(result.recording().paths(NEW)).contains("/guide/level2.html", "/guide/api/ref.html")
                .doesNotContain("/guide/level3.html", "/guide/level4.html");
        assertThat(server.requestCount("/guide/level3.html")).isZero();
    }

    @Test
    void max_depth_zero_fetches_only_the_base_url() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().maxDepth(0).build());

        assertThat(result.recording().paths()).containsExactly("/guide/");
        assertThat(result.stats().pagesChecked()).isEqualTo(1);
    }

    @Test
    void stops_at_max_pages_and_says_so() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().maxPages(3).build());

        assertThat(result.stats().pagesChecked()).isEqualTo(3);
        assertThat(result.stats().hitMaxPages()).isTrue();
        assertThat(result.stats().discovered()).isEqualTo(3);
        // breadth first: the base and two of its direct links, never a deeper page
        assertThat(result.recording().outcomes).allMatch(o -> o.depth() <= 1);
        assertThat(server.requestedPaths().stream().filter(p -> p.endsWith(".html") || p.endsWith("/"))).hasSize(3);
    }

    @Test
    void max_pages_equal_to_the_site_size_is_not_reported_as_hit() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().maxPages(10).build());

        assertThat(result.stats().pagesChecked()).isEqualTo(10);
        assertThat(result.stats().hitMaxPages()).isFalse();
    }

    @Test
    void follow_patterns_replace_the_base_path_and_exclude_patterns_win() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("index.html"),
                config().follow("/guide/**", "/about.html").exclude("**/api/**", "/guide/level4.html").build());

        // the base URL index.html is folded into its folder
        assertThat(result.recording().paths(NEW)).filteredOn(p -> !p.startsWith("/guide/intro.html"))
                .containsExactlyInAnyOrder("/", "/about.html", "/guide/", "/guide/level1.html", "/guide/level2.html",
                        "/guide/level3.html");
        introStoredOnce(result);
        assertThat(server.requestCount("/guide/api/")).isZero();
        assertThat(server.requestCount("/guide/level4.html")).isZero();
        assertThat(server.requestCount("/blog/post.html")).isZero();
    }

    @Test
    void crawls_the_base_url_even_when_a_pattern_excludes_it() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().exclude("/guide/").maxDepth(1).build());

        assertThat(result.recording().paths(NEW)).contains("/guide/", "/guide/level1.html");
    }

    /**
     * intro.html and intro.html?a=1&b=2 serve the same text: whichever the crawl fetched first is stored, the other is
     * recorded as its alias.
     */
    private static void introStoredOnce(SiteCrawler.Result result) {
        List<String> stored = result.recording().paths(NEW).stream().filter(p -> p.startsWith("/guide/intro.html")).toList();
        assertThat(stored).hasSize(1);
        String other = stored.get(0).equals("/guide/intro.html") ? "/guide/intro.html?a=1&b=2" : "/guide/intro.html";
        PageOutcome alias = result.recording().at(other);
        assertThat(alias.kind()).isEqualTo(PageOutcome.Kind.SKIPPED);
        assertThat(alias.code()).isEqualTo(UrlReason.DUPLICATE_OF);
        assertThat(RecordingListener.path(alias.aliasOf())).isEqualTo(stored.get(0));
    }

    @Test
    void fetches_every_page_once_whatever_spelling_links_use() throws Exception {
        new SiteCrawler().crawl(server.uri("guide/"), config().build());

        // intro.html is linked as "intro.html#install", "./intro.html", "/guide/../guide/intro.html" and with a
        // query in two orders: two distinct pages remain
        List<FixtureSiteServer.LoggedRequest> intro = server.requests().stream()
                .filter(r -> r.path().equals("/guide/intro.html")).toList();
        assertThat(intro).extracting(FixtureSiteServer.LoggedRequest::query).containsExactlyInAnyOrder(null, "a=1&b=2");
        assertThat(server.requests()).allSatisfy(r -> assertThat(server.requests().stream()
                .filter(o -> o.path().equals(r.path()) && java.util.Objects.equals(o.query(), r.query()))).hasSize(1));
    }

    @Test
    void stores_in_scope_outlinks_for_the_next_crawl() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().build());

        PageOutcome guide = result.recording().at("/guide/");
        assertThat(guide.outlinks()).extracting(io.knowledgehub.crawler.testing.RecordingListener::path)
                .contains("/guide/intro.html", "/guide/level1.html", "/guide/api/", "/guide/intro.html?a=1&b=2")
                .doesNotContain("/", "/blog/post.html", "/external");
        // the page's own links keep everything; only in-scope ones are remembered as outlinks
        assertThat(guide.page().links()).extracting(io.knowledgehub.crawler.testing.RecordingListener::path)
                .contains("/", "/blog/post.html");
    }

    @Test
    void reports_progress_and_calls_the_listener_from_the_calling_thread_only() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(server.uri("guide/"), config().build());

        assertThat(result.recording().callerThreads).containsOnly(Thread.currentThread());
        assertThat(result.recording().progress).isNotEmpty();
        assertThat(result.recording().progress.getLast()).isEqualTo(result.stats());
        assertThat(result.stats().discovered()).isEqualTo(10);
    }
}
