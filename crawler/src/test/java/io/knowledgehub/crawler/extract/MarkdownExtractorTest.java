package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentMarkdown;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.StoredHeadings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Markdown pages become the same structured text, headings and links as HTML pages. */
class MarkdownExtractorTest {

    private static final String URL = "https://docs.example.com/docs/guide/widget.md";
    private final HtmlExtractor html = HtmlExtractor.forConfig(SourceConfig.defaults());
    private final MarkdownExtractor extractor = new MarkdownExtractor(html.cleaner(), html.hasher());

    private ExtractedPage guide() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/extract/guide.md")) {
            return extractor.extract(in.readAllBytes(), "text/markdown; charset=utf-8", URL);
        }
    }

    @Test
    void takes_the_title_from_front_matter_and_drops_the_front_matter() throws IOException {
        ExtractedPage page = guide();

        assertThat(page.title()).isEqualTo("Widget Guide");
        assertThat(page.text()).doesNotContain("sidebar_position", "---");
        assertThat(page.markdown()).startsWith("Intro paragraph").doesNotContain("sidebar_position");
        assertThat(page.kind()).isEqualTo(ContentKind.MARKDOWN);
    }

    @Test
    void reads_atx_and_setext_headings_with_github_anchors() throws IOException {
        assertThat(guide().headings()).containsExactly(
                new Heading(1, "Setext Heading", "setext-heading"),
                new Heading(2, "Install the widget", "install-the-widget"),
                new Heading(2, "Configuration", "configuration"),
                new Heading(3, "Install the widget", "install-the-widget-1"));
    }

    @Test
    void writes_the_structured_text_of_html_pages() throws IOException {
        assertThat(guide().text()).isEqualTo("""
                Intro paragraph with a relative link, an https://example.org/abs autolink and inline code.

                # Setext Heading

                ## Install the widget

                Download it.

                Unpack it.

                nested item

                ```
                def hello():

                    print("hi")
                ```

                ## Configuration

                Option | Default
                port | 8080
                mode | fast | safe

                ### Install the widget

                A quote with link.

                ```
                indented code
                ```""");
    }

    @Test
    void keeps_the_code_language_and_table_in_the_markdown_form() throws IOException {
        String md = guide().markdown();

        assertThat(md).contains("```python\ndef hello():\n\n    print(\"hi\")\n```");
        assertThat(md).contains("| `port` | 8080 |");
    }

    @Test
    void resolves_links_against_the_page_url_for_the_crawl() throws IOException {
        assertThat(guide().links()).containsExactly("https://docs.example.com/docs/guide/install.md",
                "https://example.org/abs", "https://docs.example.com/docs/api/reference.md");
    }

    @Test
    void falls_back_to_the_first_heading_then_the_file_name_for_the_title() {
        assertThat(extractor.extract("Text\n\n## Second level\n\n# First level\n", URL).title()).isEqualTo("First level");
        assertThat(extractor.extract("Text\n\n### Only h3\n", URL).title()).isEqualTo("Only h3");
        assertThat(extractor.extract("Just text.\n", "https://docs.example.com/notes/release-notes.md").title())
                .isEqualTo("release-notes");
    }

    @Test
    void hashes_the_text_so_an_unchanged_document_is_recognised() {
        ExtractedPage a = extractor.extract("# T\n\nSame.\n", URL);
        ExtractedPage b = extractor.extract("# T\r\n\r\nSame.\r\n", URL);

        assertThat(a.contentHash()).isEqualTo(b.contentHash());
    }

    @Test
    void decodes_utf8_by_default_and_drops_a_byte_order_mark() {
        ExtractedPage page = extractor.extract(("\uFEFF# Caf\u00e9\n").getBytes(StandardCharsets.UTF_8), "text/markdown", URL);

        assertThat(page.title()).isEqualTo("Caf\u00e9");
    }

    /**
     * Every heading of a Markdown page, whatever its markup, is a section that its stored anchor (the one search
     * results link to) and its text select, as fetch_document and ?section= pick them.
     */
    @Test
    void every_stored_anchor_selects_its_section_of_the_page() {
        String source = """
                Main Setext Title
                =================
                Intro.

                ## The `foo()` call
                Foo text.

                ## [Linked](other.md) heading
                Linked text.

                ## *Emphasised* and **bold** words
                Emphasis text.

                ## Closing hashes ##
                Closing text.

                Sub Setext
                ----------
                Sub text.

                ### Deep <T> generic
                Deep text.

                ## Repeated
                First repeat.

                ## Repeated
                Second repeat.
                """;
        ExtractedPage page = extractor.extract(source, URL);
        Document d = new Document();
        d.title = page.title();
        d.content = page.text();
        d.markdown = page.markdown();
        d.contentType = ContentKind.MARKDOWN.mimeType();
        d.headings = StoredHeadings.write(page.headings());

        assertThat(page.headings()).extracting(Heading::anchor).containsExactly("main-setext-title", "the-foo-call",
                "linked-heading", "emphasised-and-bold-words", "closing-hashes", "sub-setext", "deep-generic", "repeated",
                "repeated-1");
        Map<String, String> firstLineAfter = Map.of("main-setext-title", "Intro.", "the-foo-call", "Foo text.",
                "linked-heading", "Linked text.", "emphasised-and-bold-words", "Emphasis text.",
                "closing-hashes", "Closing text.", "sub-setext", "Sub text.", "deep-generic", "Deep text.",
                "repeated", "First repeat.", "repeated-1", "Second repeat.");
        firstLineAfter.forEach((anchor, text) -> assertThat(DocumentMarkdown.render(d, anchor)).as(anchor).contains(text));
        // a section ends at the next heading of its level, a Setext one too
        assertThat(DocumentMarkdown.render(d, "closing-hashes"))
                .contains("Closing text.").doesNotContain("Sub text.");
        assertThat(DocumentMarkdown.render(d, "sub-setext"))
                .contains("Sub text.", "Deep text.").doesNotContain("First repeat.");
        // by the heading's text as it reads
        assertThat(DocumentMarkdown.render(d, "The foo() call")).contains("Foo text.");
        assertThat(DocumentMarkdown.render(d, "Emphasised and bold words")).contains("Emphasis text.");
    }
}
