package io.knowledgehub.core.document;

import io.knowledgehub.core.error.InvalidInputException;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentMarkdownTest {

    private static Document doc(String title, String content, String markdown) {
        Document d = new Document();
        d.title = title;
        d.content = content;
        d.markdown = markdown;
        d.headings = "[{\"level\":2,\"text\":\"Install\",\"anchor\":\"install\"},"
                + "{\"level\":3,\"text\":\"On Linux\",\"anchor\":null},{\"level\":2,\"text\":\"Use\",\"anchor\":\"use\"}]";
        return d;
    }

    private static final String BODY = "Intro.\n\n## Install\n\nSteps.\n\n```sh\n## not a heading\n```\n\n"
            + "### On Linux\n\napt install.\n\n## Use\n\nRun it.";

    @Test
    void puts_the_title_first_unless_the_text_opens_with_it() {
        assertThat(DocumentMarkdown.render(doc("Guide", "Plain text.", null))).isEqualTo("# Guide\n\nPlain text.\n");
        assertThat(DocumentMarkdown.render(doc("Guide", "# Guide\n\nText.", null))).isEqualTo("# Guide\n\nText.\n");
    }

    @Test
    void prefers_the_markdown_form_over_the_indexed_text() {
        assertThat(DocumentMarkdown.render(doc("Guide", "a | b", "| a | b |\n| --- | --- |")))
                .isEqualTo("# Guide\n\n| a | b |\n| --- | --- |\n");
    }

    @Test
    void renders_one_section_by_anchor_or_heading_text() {
        Document d = doc("Guide", BODY, null);

        assertThat(DocumentMarkdown.render(d, "install"))
                .isEqualTo("## Install\n\nSteps.\n\n```sh\n## not a heading\n```\n\n### On Linux\n\napt install.\n");
        assertThat(DocumentMarkdown.render(d, "on linux")).isEqualTo("### On Linux\n\napt install.\n");
        assertThat(DocumentMarkdown.render(d, "#use")).isEqualTo("## Use\n\nRun it.\n");
        assertThatThrownBy(() -> DocumentMarkdown.render(d, "missing")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("install");
    }

    @Test
    void outline_gives_heading_lines_outside_fences_their_stored_anchors() {
        DocumentMarkdown.Outline outline = DocumentMarkdown.outline(doc("Guide", BODY, null));

        assertThat(outline.headings(0, outline.lines().size()))
                .extracting(DocumentMarkdown.Line::level, DocumentMarkdown.Line::headingText, DocumentMarkdown.Line::anchor)
                .containsExactly(tuple(2, "Install", "install"),
                        tuple(3, "On Linux", null),
                        tuple(2, "Use", "use"));
        assertThat(outline.find("linux")).map(s -> outline.text(s.from(), s.to())).hasValue("### On Linux\n\napt install.");
        assertThat(outline.find("Upgrade")).isEmpty();
    }

    /** An HTML page's Markdown form as the crawl writes it: page text as it reads, code in backticks and fences. */
    private static final String LOOKS_LIKE_HTML = """
            Write <script>alert(1)</script> to test; a < b && c > d.

            > not a quote: the page showed this line as text

            ## The <mark>word</mark> heading &amp; AT&T

            - an item with <mark>x</mark>, &copy; and &#169; written literally
            - `List<String>` stays code

            | Tag | Says |
            | --- | --- |
            | <b>bold</b> &#x1F; | `<br>` AT&T |

            See [<i>the</i> guide](https://docs.example.com/a?b=1&amp;c=2).

            ```html
            <p>kept &amp; as <mark>written</mark></p>
            ```""";

    private static Document htmlPage(String title, String content, String markdown) {
        Document d = doc(title, content, markdown);
        d.contentType = ContentKind.HTML.mimeType();
        d.headings = "[{\"level\":2,\"text\":\"The <mark>word</mark> heading &amp; AT&T\",\"anchor\":\"word\"}]";
        return d;
    }

    /** The HTML a CommonMark renderer with raw HTML enabled makes of it (with GFM tables, or without). */
    private static String html(String markdown, boolean tables) {
        Parser.Builder parser = Parser.builder();
        if (tables) {
            parser.extensions(List.of(TablesExtension.create()));
        }
        HtmlRenderer.Builder renderer = HtmlRenderer.builder();
        if (tables) {
            renderer.extensions(List.of(TablesExtension.create()));
        }
        return renderer.build().render(parser.build().parse(markdown));
    }

    @Test
    void text_that_looks_like_html_stays_text_outside_code() {
        String md = DocumentMarkdown.render(htmlPage("Escaping <b> test & more", "indexed text", LOOKS_LIKE_HTML));

        assertThat(md).startsWith("# Escaping \\<b> test & more\n\n")
                .contains("Write \\<script>alert(1)\\</script> to test; a \\< b && c > d.")
                .contains("\\> not a quote")
                .contains("## The \\<mark>word\\</mark> heading \\&amp; AT&T")
                .contains("- an item with \\<mark>x\\</mark>, \\&copy; and \\&#169; written literally")
                .contains("| \\<b>bold\\</b> \\&#x1F; | `<br>` AT&T |")
                .contains("[\\<i>the\\</i> guide](https://docs.example.com/a?b=1\\&amp;c=2)")
                // code spans and fenced code are literal in Markdown: left as they are
                .contains("- `List<String>` stays code")
                .contains("```html\n<p>kept &amp; as <mark>written</mark></p>\n```");
        for (boolean tables : new boolean[]{true, false}) {
            String html = html(md, tables);
            assertThat(html).as(html).doesNotContain("<script", "<mark", "<b>", "<i>", "<blockquote")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "a &lt; b &amp;&amp; c &gt; d",
                            "&amp;copy; and &amp;#169;", "<code>List&lt;String&gt;</code>",
                            "&lt;p&gt;kept &amp;amp; as &lt;mark&gt;written&lt;/mark&gt;&lt;/p&gt;");
        }
    }

    @Test
    void a_section_and_the_stored_text_are_escaped_too() {
        Document page = htmlPage("Guide", "indexed text", LOOKS_LIKE_HTML);
        assertThat(DocumentMarkdown.render(page, "word")).startsWith("## The \\<mark>word\\</mark> heading \\&amp; AT&T\n\n")
                .contains("\\<b>bold\\</b>").doesNotContainPattern("(?<!\\\\)<mark>word");

        // a page stored before its Markdown form was kept: the indexed text is served, escaped the same way
        Document old = htmlPage("Guide", "The literal text <mark>word</mark> should stay text.\n\n"
                + "```\nif (a < b && <mark>) {}\n```", null);
        assertThat(DocumentMarkdown.render(old)).isEqualTo("# Guide\n\nThe literal text \\<mark>word\\</mark> should stay "
                + "text.\n\n```\nif (a < b && <mark>) {}\n```\n");
    }

    @Test
    void a_markdown_pages_own_markdown_is_served_as_written_under_an_escaped_title() {
        Document d = doc("Notes <b>", "Intro details.", "Intro <details>more</details> &copy;.");
        d.contentType = ContentKind.MARKDOWN.mimeType();

        assertThat(DocumentMarkdown.render(d)).isEqualTo("# Notes \\<b>\n\nIntro <details>more</details> &copy;.\n");
    }

    @Test
    void page_text_that_starts_a_line_with_html_hides_no_heading_after_it() {
        Document d = doc("Guide", "Intro.\n\n<pre> is the element for preformatted text.\n\n## Install\n\nSteps.\n\n"
                + "<!-- a comment shown as text\n\n## Use\n\nRun it.", null);

        assertThat(DocumentMarkdown.render(d, "install")).startsWith("## Install").contains("Steps.").doesNotContain("Run it.");
        assertThat(DocumentMarkdown.render(d, "use")).startsWith("## Use").contains("Run it.");
    }
}
