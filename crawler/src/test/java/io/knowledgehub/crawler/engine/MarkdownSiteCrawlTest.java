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
import java.util.Map;
import java.util.TreeMap;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
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
}
