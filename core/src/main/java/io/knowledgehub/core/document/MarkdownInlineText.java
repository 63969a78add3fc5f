package io.knowledgehub.core.document;

import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

import java.util.function.Consumer;

/**
 * The text of CommonMark inline content as KnowledgeHub stores it: text and code spans as written, links and
 * emphasis as their text, inline HTML left out, a soft line break as a space and a hard one as a line break. The one
 * reading of the crawler, which stores a Markdown page's text and headings from it, and of {@link DocumentMarkdown},
 * which finds those headings again in the page: both must read a heading alike for its anchor to find its section.
 * Pure.
 */
public final class MarkdownInlineText {

    private MarkdownInlineText() {
    }

    /**
     * @param parent the block (a paragraph, a heading, a table cell) or inline node whose content is read
     * @param links  given each {@link Link} and {@link HtmlInline} node met, in document order, before a link's text
     *               is read (the crawler follows their targets)
     */
    public static String of(Node parent, Consumer<Node> links) {
        StringBuilder sb = new StringBuilder();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            switch (n) {
                case Text t -> sb.append(t.getLiteral());
                case Code c -> sb.append(c.getLiteral());
                case SoftLineBreak ignored -> sb.append(' ');
                case HardLineBreak ignored -> sb.append('\n');
                case HtmlInline html -> links.accept(html);
                case Link l -> {
                    links.accept(l);
                    sb.append(of(l, links));
                }
                default -> sb.append(of(n, links));
            }
        }
        return sb.toString();
    }
}
