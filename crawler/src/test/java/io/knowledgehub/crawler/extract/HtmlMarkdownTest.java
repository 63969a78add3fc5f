package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.source.SourceConfig;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Markdown form of HTML pages: lists, tables, inline code, links and code languages survive, and reading the
 * Markdown back with a CommonMark parser gives the same headings, code blocks and tables. The indexed text stays as
 * it was.
 */
class HtmlMarkdownTest {

    private static final String URL = "https://docs.example.com/docs/guide.html";
    private static final String PAGE = """
            <html><head><title>Guide</title></head><body><nav>menu</nav><main>
            <h1 id="guide">Guide</h1>
            <p>Call <code>connect()</code> first, see <a href="api.html#connect">the API</a>.</p>
            <h2 id="steps">Steps</h2>
            <ol><li>Install</li><li>Configure<ul><li>port</li><li>host</li></ul></li></ol>
            <ul><li><p>Loose item</p></li></ul>
            <div class="highlight-python notranslate"><div class="highlight"><pre>import widget
            widget.run()</pre></div></div>
            <pre><code class="language-bash">echo "a | b"</code></pre>
            <pre>plain block</pre>
            <h2 id="options">Options</h2>
            <table><thead><tr><th>Name</th><th>Default</th></tr></thead>
            <tbody><tr><td><code>port</code></td><td>8080</td></tr><tr><td>mode</td><td>a|b</td></tr></tbody></table>
            </main></body></html>
            """;

    private final HtmlExtractor extractor = HtmlExtractor.forConfig(SourceConfig.defaults());

    @Test
    void writes_lists_tables_inline_code_links_and_code_languages() {
        ExtractedPage page = extractor.extract(PAGE, URL);

        assertThat(page.markdown()).isEqualTo("""
                # Guide

                Call `connect()` first, see [the API](https://docs.example.com/docs/api.html#connect).

                ## Steps

                1. Install
                2. Configure
                   - port
                   - host
                - Loose item

                ```python
                import widget
                widget.run()
                ```

                ```bash
                echo "a | b"
                ```

                ```
                plain block
                ```

                ## Options

                | Name | Default |
                | --- | --- |
                | `port` | 8080 |
                | mode | a\\|b |""");
    }

    @Test
    void leaves_the_indexed_text_and_hash_as_they_were() {
        ExtractedPage page = extractor.extract(PAGE, URL);

        assertThat(page.text()).isEqualTo("""
                # Guide

                Call connect() first, see the API.

                ## Steps

                Install

                Configure

                port

                host

                Loose item

                ```
                import widget
                widget.run()
                ```

                ```
                echo "a | b"
                ```

                ```
                plain block
                ```

                ## Options

                Name | Default

                port | 8080

                mode | a|b""");
        assertThat(page.contentHash()).isEqualTo(extractor.hasher().hash(page.text()));
    }

    @Test
    void round_trips_headings_code_and_tables_through_a_commonmark_parser() {
        Node doc = Parser.builder().extensions(List.of(TablesExtension.create())).build()
                .parse(extractor.extract(PAGE, URL).markdown());
        List<String> headings = new ArrayList<>();
        List<String> code = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        List<String> links = new ArrayList<>();
        int[] lists = {0};
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading h) {
                headings.add(h.getLevel() + ":" + textOf(h));
            }

            @Override
            public void visit(FencedCodeBlock c) {
                code.add(c.getInfo() + ":" + c.getLiteral());
            }

            @Override
            public void visit(Link l) {
                links.add(l.getDestination());
                visitChildren(l);
            }

            @Override
            public void visit(OrderedList l) {
                lists[0]++;
                visitChildren(l);
            }

            @Override
            public void visit(BulletList l) {
                lists[0]++;
                visitChildren(l);
            }

            @Override
            public void visit(CustomNode n) {
                if (n instanceof TableCell cell) {
                    cells.add(textOf(cell));
                }
                visitChildren(n);
            }

            @Override
            public void visit(CustomBlock b) {
                assertThat(b).isInstanceOf(TableBlock.class);
                visitChildren(b);
            }
        });

        assertThat(headings).containsExactly("1:Guide", "2:Steps", "2:Options");
        assertThat(code).containsExactly("python:import widget\nwidget.run()\n", "bash:echo \"a | b\"\n", ":plain block\n");
        assertThat(cells).containsExactly("Name", "Default", "port", "8080", "mode", "a|b");
        assertThat(links).containsExactly("https://docs.example.com/docs/api.html#connect");
        assertThat(lists[0]).isEqualTo(3);
    }

    private static String textOf(Node parent) {
        StringBuilder sb = new StringBuilder();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (n instanceof Code c) {
                sb.append(c.getLiteral());
            } else {
                sb.append(textOf(n));
            }
        }
        return sb.toString();
    }
}
