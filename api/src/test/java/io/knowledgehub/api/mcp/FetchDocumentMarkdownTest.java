package io.knowledgehub.api.mcp;

import io.knowledgehub.core.document.Document;
import io.quarkiverse.mcp.server.ToolCallException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchDocumentMarkdownTest {

    private static Document page(String content, String headings) {
        Document d = new Document();
        d.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        d.sourceId = UUID.fromString("00000000-0000-0000-0000-000000000002");
        d.url = "https://docs.example.com/guide.html";
        d.title = "Guide";
        d.content = content;
        d.headings = headings;
        return d;
    }

    private static final String TEXT = """
            # Guide

            Intro.

            ## Install

            Run it.

            ```bash
            # not a heading: a shell comment
            ./kh start
            ```

            ### On Windows

            Use WSL.

            ## Configure

            Set keys.""";
    private static final String HEADINGS = """
            [{"level":1,"text":"Guide","anchor":null},{"level":2,"text":"Install","anchor":"install"},
             {"level":3,"text":"On Windows","anchor":"windows"},{"level":2,"text":"Configure","anchor":"config"}]""";

    @Test
    void a_section_runs_to_the_next_heading_of_its_level_and_ignores_hashes_in_code() {
        String install = FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "install", 10_000);

        assertThat(install).contains("URL: https://docs.example.com/guide.html#install").contains("Section: Install");
        assertThat(install).contains("./kh start").contains("### On Windows").contains("Use WSL.");
        assertThat(install).doesNotContain("Intro.").doesNotContain("Set keys.");
    }

    @Test
    void a_section_is_found_by_anchor() {
        assertThat(FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "#config", 10_000))
                .contains("Section: Configure").contains("Set keys.").doesNotContain("Run it.");
    }

    @Test
    void an_unknown_section_names_the_sections_there_are() {
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "Upgrade", 10_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessageStartingWith("This page has no section 'Upgrade'; its sections are: \"Guide\", \"Install\", "
                        + "\"On Windows\", \"Configure\".");
    }

    @Test
    void a_long_page_is_cut_at_a_line_and_an_open_code_fence_is_closed() {
        String out = FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", null, 70);

        String body = out.substring(out.indexOf("---\n\n") + 5, out.indexOf("\n\n[Truncated"));
        assertThat(body.length()).isLessThanOrEqualTo(74);
        assertThat(body.lines().filter(l -> l.startsWith("```")).count() % 2).isZero();
        assertThat(out).contains("[Truncated: this shows the first ").contains("\"Configure\"");
    }

    @Test
    void whole_page_without_headings_json_still_renders() {
        assertThat(FetchDocumentMarkdown.render(page(TEXT, "not json"), null, null, 10_000))
                .contains("Source: 00000000-0000-0000-0000-000000000002").contains("Set keys.").doesNotContain("Truncated");
    }

    @Test
    void text_that_looks_like_html_stays_text_in_the_header_and_the_page_but_not_in_code() {
        Document d = page("Write <script>alert(1)</script> to test.\n\n## The <mark>word</mark> &amp; AT&T\n\n"
                + "a < b && c > d\n\n```html\n<p>a &amp; <mark>b</mark></p>\n```",
                "[{\"level\":2,\"text\":\"The <mark>word</mark> &amp; AT&T\",\"anchor\":\"word\"}]");
        d.title = "Escaping <b> test & more";

        String whole = FetchDocumentMarkdown.render(d, "Docs <i>", null, 10_000);
        assertThat(whole).startsWith("Title: Escaping \\<b> test & more\n").contains("Source: Docs \\<i> · ")
                .contains("Write \\<script>alert(1)\\</script> to test.")
                .contains("## The \\<mark>word\\</mark> \\&amp; AT&T\n\na \\< b && c > d")
                .contains("```html\n<p>a &amp; <mark>b</mark></p>\n```");
        String section = FetchDocumentMarkdown.render(d, "Docs", "word", 10_000);
        assertThat(section).contains("Section: The \\<mark>word\\</mark> \\&amp; AT&T\n")
                .contains("URL: https://docs.example.com/guide.html#word").doesNotContainPattern("(?<!\\\\)<mark>word");
        String cut = FetchDocumentMarkdown.render(d, "Docs", null, 40);
        assertThat(cut).contains("Write \\<script>").doesNotContainPattern("(?<!\\\\)<script").contains("[Truncated");
    }
}
