package io.knowledgehub.core.document;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownEscapingTest {

    private static final Parser GFM = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Parser COMMONMARK = Parser.builder().build();

    private static String escape(String markdown) {
        return MarkdownEscaping.escape(markdown);
    }

    /** Whether a CommonMark parser finds raw HTML (inline or a block) in {@code markdown}. */
    private static boolean hasRawHtml(Parser parser, String markdown) {
        boolean[] found = {false};
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlInline node) {
                found[0] = true;
            }

            @Override
            public void visit(HtmlBlock node) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static String html(String markdown) {
        Node document = GFM.parse(markdown);
        return HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).build().render(document);
    }

    @Test
    void tags_and_entity_references_in_text_are_escaped() {
        assertThat(escape("Write <script>alert(1)</script> to test")).isEqualTo("Write \\<script>alert(1)\\</script> to test");
        assertThat(escape("The literal text <mark>word</mark> should stay text"))
                .isEqualTo("The literal text \\<mark>word\\</mark> should stay text");
        assertThat(escape("# Escaping <b> test & more")).isEqualTo("# Escaping \\<b> test & more");
        assertThat(escape("&amp; &copy; &#123; &#x1F; &#X1f;")).isEqualTo("\\&amp; \\&copy; \\&#123; \\&#x1F; \\&#X1f;");
        assertThat(escape("<!-- comment --> <http://example.com> <?php ?>"))
                .isEqualTo("\\<!-- comment --> \\<http://example.com> \\<?php ?>");
    }

    @Test
    void comparisons_ampersands_and_plain_text_stay_readable() {
        assertThat(escape("a < b && c > d")).isEqualTo("a \\< b && c > d");
        assertThat(escape("AT&T, R&D, & more, &;, &#;, &#xZ;")).isEqualTo("AT&T, R&D, & more, &;, &#;, &#xZ;");
        assertThat(escape("Plain text, *stars*, _under_ [brackets] #hash")).isEqualTo("Plain text, *stars*, _under_ [brackets] #hash");
        assertThat(escape("")).isEmpty();
        assertThat(escape(null)).isEmpty();
    }

    @Test
    void code_spans_and_code_blocks_are_left_as_written() {
        assertThat(escape("Use `List<String>` or ``a`<b>`` &amp; <i>")).isEqualTo("Use `List<String>` or ``a`<b>`` \\&amp; \\<i>");
        assertThat(escape("```html\n<p>a &amp; b</p>\n```\n\n~~~\n<b>\n~~~\n\n    <indented> &amp;\n\n<b>"))
                .isEqualTo("```html\n<p>a &amp; b</p>\n```\n\n~~~\n<b>\n~~~\n\n    <indented> &amp;\n\n\\<b>");
        assertThat(escape("- item `<br>`\n  ```\n  <x>\n  ```\n- <y>")).isEqualTo("- item `<br>`\n  ```\n  <x>\n  ```\n- \\<y>");
        assertThat(escape("| a | b |\n| --- | --- |\n| `<br>` | <b>x</b> |"))
                .isEqualTo("| a | b |\n| --- | --- |\n| `<br>` | \\<b>x\\</b> |");
    }

    @Test
    void a_backtick_that_opens_no_code_span_is_escaped() {
        assertThat(escape("a ` b <i>")).isEqualTo("a \\` b \\<i>");
        // with nothing that could start HTML, a code span it might open hides nothing: left as it is
        assertThat(escape("a ` b `c")).isEqualTo("a ` b `c");
        // in a table each cell is its own span of text: a renderer without tables must not pair the two
        String cells = escape("| a ` | b ` <i> ` |\n| --- | --- |");
        assertThat(cells).isEqualTo("| a \\` | b ` <i> ` |\n| --- | --- |");
        assertThat(hasRawHtml(GFM, cells)).isFalse();
        assertThat(hasRawHtml(COMMONMARK, cells)).isFalse();
    }

    @Test
    void block_quote_markers_at_a_line_start_are_escaped_and_other_greater_than_signs_are_not() {
        assertThat(escape("> quoted\n\n- > in an item\n\na > b")).isEqualTo("\\> quoted\n\n- \\> in an item\n\na > b");
        assertThat(html(escape("> > nested"))).doesNotContain("<blockquote");
    }

    @Test
    void what_is_escaped_already_is_left_and_escaping_twice_changes_nothing() {
        assertThat(escape("\\<b> \\&amp; \\`")).isEqualTo("\\<b> \\&amp; \\`");
        // an escaped backslash does not escape the tag after it
        assertThat(escape("C:\\\\<b>")).isEqualTo("C:\\\\\\<b>");
        String once = escape("Write <script>x</script> ` `<a>` &amp; > q\n\n> quote\n\n```\n<p>\n```");
        assertThat(escape(once)).isEqualTo(once);
    }

    @Test
    void html_blocks_and_tags_that_hide_backticks_become_text() {
        String block = escape("<div>\n*x* <b>y</b> `z`\n</div>");
        assertThat(hasRawHtml(GFM, block)).as(block).isFalse();
        assertThat(html(block)).contains("&lt;div&gt;").contains("&lt;b&gt;y&lt;/b&gt;");
        // a link title's backtick must not pair with a later one around the script
        String link = escape("[x](http://a \"`\") <script>alert(1)</script> `y`");
        assertThat(hasRawHtml(GFM, link)).as(link).isFalse();
        String attribute = escape("<a title=\"`\">x</a> <script>`");
        assertThat(hasRawHtml(GFM, attribute)).as(attribute).isFalse();
        assertThat(hasRawHtml(COMMONMARK, attribute)).as(attribute).isFalse();
    }

    @Test
    void no_text_made_of_markdown_punctuation_yields_raw_html_for_a_renderer_with_or_without_tables() {
        String[] alphabet = {"<", "<", ">", "&", "`", "`", "``", "\\", "a", "b", " ", " ", "\n", "\n\n", "#", "- ", "|",
                "[", "]", "(", ")", "\"", ";", "amp", "script", "/", "*", "!", "~~~", "```", "    ", "> ", "1. ", "---",
                "http://x", ":", "?", "'"};
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(30); n >= 0; n--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String escaped = escape(text.toString());
            assertThat(hasRawHtml(GFM, escaped)).as("%s -> %s", text, escaped).isFalse();
            assertThat(hasRawHtml(COMMONMARK, escaped)).as("%s -> %s", text, escaped).isFalse();
            assertThat(escape(escaped)).as("%s -> %s", text, escaped).isEqualTo(escaped);
            assertThat(escaped.replace("\\", "")).as("only backslashes are added").isEqualTo(text.toString().replace("\\", ""));
        }
    }
}
