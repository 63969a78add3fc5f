package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.core.document.Heading;
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
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client-rendered page (its content injected by a script file) on 127.0.0.1, crawled in real headless Chromium
 * (/usr/bin/chromium) with render_js, and without it. The page also asks for a script and an image on 127.0.0.2,
 * an address the crawl refuses: the server there must receive nothing.
 */
class JsRenderingCrawlTest {

    @TempDir
    Path siteDir;
    @TempDir
    Path internalDir;
    private FixtureSiteServer site;
    private FixtureSiteServer internal;

    @BeforeEach
    void serve() throws Exception {
        Files.writeString(internalDir.resolve("secret.js"), "document.body.append('SECRET LEAKED');");
        Files.writeString(internalDir.resolve("pixel.png"), "png");
        internal = FixtureSiteServer.serve(internalDir, InetAddress.getByName("127.0.0.2"));
        site = FixtureSiteServer.serve(siteDir);
        Files.createDirectories(siteDir.resolve("app"));
        Files.writeString(siteDir.resolve("app/index.html"), """
                <!doctype html>
                <html><head><title>Flux Docs</title>
                <script src="/app/app.js"></script>
                <script src="%s"></script>
                </head>
                <body><div id="root"></div><img src="%s"></body></html>
                """.formatted(internal.uri("secret.js"), internal.uri("pixel.png")));
        Files.writeString(siteDir.resolve("app/app.js"), """
                window.addEventListener('DOMContentLoaded', function () {
                  setTimeout(function () {
                    var main = document.createElement('main');
                    main.innerHTML = '<h1 id="setup">Setting up the flux capacitor</h1>'
                      + '<p>The flux capacitor needs 1.21 gigawatts to open a temporal displacement window.</p>'
                      + '<p><a href="/app/second.html">Second page</a></p>';
                    document.getElementById('root').appendChild(main);
                  }, 200);
                });
                """);
        Files.writeString(siteDir.resolve("app/second.html"), """
                <!doctype html><html><head><title>Second</title></head>
                <body><div id="app"></div><script>
                document.getElementById('app').innerHTML = '<main><p>Rendered by an inline script on the second page.</p></main>';
                </script></body></html>
                """);
    }

    @AfterEach
    void stop() {
        site.close();
        internal.close();
    }

    @Test
    void render_js_pages_are_read_after_their_scripts_ran_and_chromium_reaches_no_refused_address() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("app/"), config().renderJs(true).build());

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/app/", "/app/second.html");
        ExtractedPage page = result.recording().at("/app/").page();
        assertThat(page.title()).isEqualTo("Flux Docs");
        assertThat(page.text()).isEqualTo("""
                # Setting up the flux capacitor

                The flux capacitor needs 1.21 gigawatts to open a temporal displacement window.

                Second page""");
        assertThat(page.headings()).containsExactly(new Heading(1, "Setting up the flux capacitor", "setup"));
        assertThat(result.recording().at("/app/second.html").page().text())
                .isEqualTo("Rendered by an inline script on the second page.");
        // the script and the image on 127.0.0.2 were refused by the proxy: nothing reached that server
        assertThat(internal.requests()).isEmpty();
        assertThat(page.text()).doesNotContain("SECRET");
        assertThat(result.stats().shellPages()).isZero();
    }

    @Test
    void without_render_js_client_rendered_shells_are_counted_for_the_crawl_report() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("app/"), config().build());

        assertThat(result.recording().paths(NEW)).containsExactly("/app/");
        assertThat(result.recording().at("/app/").page().text()).isEmpty();
        assertThat(result.stats().shellPages()).isEqualTo(1);
        assertThat(internal.requests()).isEmpty();
    }
}
