package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.crawler.testing.Sites.html;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crawl allowed to reach 127.0.0.1 only: sites on 127.0.0.2 and [::1] stand for the addresses it must not reach
 * (a metadata service, an internal admin page), and must never see a request, however the crawl is led to them.
 */
class AddressGuardCrawlTest {

    @TempDir
    Path siteDir;
    @TempDir
    Path internalDir;
    private FixtureSiteServer site;
    private FixtureSiteServer internal;
    private FixtureSiteServer internalV6;

    @BeforeEach
    void serve() throws Exception {
        Files.createDirectories(internalDir.resolve("docs"));
        Files.writeString(internalDir.resolve("docs/secret.html"), html("Secret", "<p>internal</p>"));
        Files.writeString(internalDir.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        Files.writeString(internalDir.resolve("sitemap.xml"), "<urlset/>");
        site = FixtureSiteServer.serve(siteDir);
        internal = FixtureSiteServer.serve(internalDir, InetAddress.getByName("127.0.0.2"));
        internalV6 = FixtureSiteServer.serve(internalDir, InetAddress.getByName("::1"));
    }

    @AfterEach
    void stop() {
        site.close();
        internal.close();
        internalV6.close();
    }

    @Test
    void a_redirect_to_a_refused_address_is_skipped_counted_and_never_fetched() throws Exception {
        site.route("/docs/", FixtureSiteServer.html(html("Docs", "<p><a href=\"a.html\">a</a> <a href=\"away.html\">away</a> "
                + "<a href=\"away6.html\">away6</a></p>")));
        site.route("/docs/a.html", FixtureSiteServer.html(html("A", "<p>public</p>")));
        site.route("/docs/away.html", FixtureSiteServer.redirect(302, internal.uri("docs/secret.html").toString()));
        site.route("/docs/away6.html", FixtureSiteServer.redirect(301, internalV6.uri("docs/secret.html").toString()));

        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("docs/"), config().build());

        assertThat(internal.requests()).isEmpty();
        assertThat(internalV6.requests()).isEmpty();
        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/a.html");
        PageOutcome away = result.recording().at("/docs/away.html");
        assertThat(away.kind()).isEqualTo(SKIPPED);
        assertThat(away.reason()).contains("refused").contains("127.0.0.2").contains("a loopback address");
        assertThat(result.recording().at("/docs/away6.html").reason()).contains("a loopback address");
        assertThat(result.stats().pagesDenied()).isEqualTo(2);
        assertThat(result.stats().pagesSkipped()).isEqualTo(2);
        // the redirecting pages themselves were fetched
        assertThat(result.stats().pagesChecked()).isEqualTo(4);
    }

    @Test
    void robots_txt_and_sitemaps_that_lead_to_a_refused_address_are_not_fetched() throws Exception {
        site.route("/robots.txt", FixtureSiteServer.redirect(301, internal.uri("robots.txt").toString()));
        site.route("/sitemap.xml", FixtureSiteServer.redirect(302, internal.uri("sitemap.xml").toString()));
        site.route("/docs/", FixtureSiteServer.html(html("Docs", "<p>docs</p>")));

        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("docs/"), config().build());

        assertThat(site.requestCount("/robots.txt")).isEqualTo(1);
        assertThat(site.requestCount("/sitemap.xml")).isEqualTo(1);
        assertThat(internal.requests()).isEmpty();
        assertThat(result.recording().paths(NEW)).containsExactly("/docs/");
    }

    @Test
    void sitemaps_listed_on_a_refused_host_are_not_fetched() throws Exception {
        Files.writeString(siteDir.resolve("robots.txt"), "User-agent: *\nAllow: /\nSitemap: " + internal.uri("sitemap.xml") + "\n");
        site.route("/docs/", FixtureSiteServer.html(html("Docs", "<p>docs</p>")));

        new SiteCrawler().crawl(site.uri("docs/"), config().build());

        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void a_source_on_a_refused_address_fetches_nothing_and_deletes_nothing() throws Exception {
        SiteCrawler crawler = new SiteCrawler();
        String known = internal.uri("docs/secret.html").toString();
        crawler.known().put(known, new KnownPage(known, "hash", null, null, null));

        SiteCrawler.Result result = crawler.crawl(internal.uri("docs/"), config().build());

        assertThat(internal.requests()).isEmpty();
        assertThat(result.stats().pagesDenied()).isEqualTo(1);
        assertThat(result.stats().pagesDeleted()).isZero();
        assertThat(result.stats().pagesChecked()).isZero();
        assertThat(result.recording().at("/docs/").reason()).contains("refused");
    }
}
