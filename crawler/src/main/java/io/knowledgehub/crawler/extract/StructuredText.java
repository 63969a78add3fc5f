package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.Heading;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.QueryParser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the main content element as the structured text of {@link io.knowledgehub.crawler.extract.ExtractedPage}:
 * one block per heading ({@code ## Title}), paragraph, list item, definition, table row (cells joined by
 * {@code " | "}) or code block (fenced with ``` and kept verbatim), blocks separated by a blank line. The indexer
 * splits on exactly this structure, so the layout here is a contract, not cosmetics.
 *
 * <p>{@link #markdownOf} writes the same content as Markdown for readers (people and assistants) rather than for
 * the index: list items as {@code - } / {@code 1. } items (nested ones indented), tables as GFM pipe tables, inline
 * code in backticks, links as {@code [text](url)}, code blocks fenced with their language (from
 * {@code class="language-x"}, {@code lang-x}, {@code highlight-x} or {@code data-lang} on the block or around it).
 * Headings, paragraphs, definitions and admonition labels are written as in the indexed text.
 */
final class StructuredText implements NodeFilter {

    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "caption",
            "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
            "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table",
            "tbody", "tfoot", "thead", "tr", "ul");
    private static final Evaluator HEADING = QueryParser.parse("h1, h2, h3, h4, h5, h6");
    private static final Set<String> ANCHOR_CONTAINERS = Set.of("section", "div", "article");
    private static final Set<String> ADMONITIONS = Set.of("admonition", "note", "tip", "hint", "warning", "caution",
            "important", "attention", "danger", "callout", "alert", "seealso");
    private static final int MIN_DEFINITION_WORDS = 8;
    private static final int MAX_TERM_CHARS = 200;
    /** Stands for a {@code <br>} inside a block until whitespace is collapsed. */
    private static final char LINE_BREAK = '\u0000';

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder block = new StringBuilder();
    private final List<Heading> headings = new ArrayList<>();
    /** Definition terms already written as part of an earlier term's heading (synonyms sharing one definition). */
    private final Set<Element> writtenTerms = new HashSet<>();
    /** Level of the last real heading (h1..h6); definition terms go one level below it. */
    private int sectionLevel;
    /** Writing Markdown for readers instead of the indexed text. */
    private final boolean markdown;
    /** The list marker (with its indentation) that starts the next block written, in Markdown. */
    private String pendingItem;
    /** Whether the last block written was a list item, so that the next item follows on the next line. */
    private boolean lastWasItem;

    private StructuredText(boolean markdown) {
        this.markdown = markdown;
    }

    /** The text and headings of {@code root}. */
    static StructuredText of(Element root) {
        return write(root, false);
    }

    /** The Markdown form of {@code root}; its {@link #headings()} are those of {@link #of}. */
    static StructuredText markdownOf(Element root) {
        return write(root, true);
    }

    private static StructuredText write(Element root, boolean markdown) {
        StructuredText writer = new StructuredText(markdown);
        NodeTraversor.filter(writer, root);
        writer.flush();
        return writer;
    }

    String text() {
        return out.toString();
    }

    List<Heading> headings() {
        return headings;
    }

    @Override
    public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode text) {
            block.append(text.getWholeText());
            return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element el)) {
            return FilterResult.CONTINUE;
        }
        String name = el.normalName();
        int level = headingLevel(name);
        if (level > 0 && inAdmonition(el)) {
            flush(); // "Note", "Warning": the box's label, not a section of the page
            String label = collapse(el.text());
            if (!label.isEmpty()) {
                emit(label);
            }
            return FilterResult.SKIP_ENTIRELY;
        }
        if (level > 0) {
            flush();
            String title = collapse(el.text());
            if (!title.isEmpty()) {
                emit("#".repeat(level) + " " + title);
                headings.add(new Heading(level, title, anchorOf(el)));
                sectionLevel = level;
            }
            return FilterResult.SKIP_ENTIRELY;
        }
        if (name.equals("dt")) {
            if (writtenTerms.contains(el)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (definitionTerm(el)) {
                return FilterResult.SKIP_ENTIRELY;
            }
        }
        if (markdown) {
            FilterResult result = markdownElement(el, name);
            if (result != null) {
                return result;
            }
        }
        switch (name) {
            case "pre" -> {
                flush();
                String code = stripBlankEdges(el.wholeText());
                if (!code.isEmpty()) {
                    emit("```\n" + code + "\n```");
                }
                return FilterResult.SKIP_ENTIRELY;
            }
            case "br" -> block.append(LINE_BREAK);
            case "td", "th" -> {
                if (hasText(block)) {
                    block.append(" | ");
                }
            }
            default -> {
                if (BLOCKS.contains(name)) {
                    flush();
                }
            }
        }
        return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
        if (node instanceof Element el && BLOCKS.contains(el.normalName())) {
            flush();
            if (el.normalName().equals("li")) {
                pendingItem = null; // an empty item marks nothing
            }
        }
        return FilterResult.CONTINUE;
    }

    private void flush() {
        if (block.isEmpty()) {
            return;
        }
        String text = collapse(block.toString());
        block.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        if (pendingItem != null) {
            String item = pendingItem;
            pendingItem = null;
            String indent = " ".repeat(item.length());
            emitItem(item + text.replace("\n", "\n" + indent));
        } else {
            emit(text);
        }
    }

    private void emit(String text) {
        if (!out.isEmpty()) {
            out.append("\n\n");
        }
        out.append(text);
        lastWasItem = false;
    }

    /** A list item: consecutive items make one tight list. */
    private void emitItem(String text) {
        if (!out.isEmpty()) {
            out.append(lastWasItem ? "\n" : "\n\n");
        }
        out.append(text);
        lastWasItem = true;
    }

    /** What Markdown writes differently from the indexed text; null when the element is written as there. */
    private FilterResult markdownElement(Element el, String name) {
        switch (name) {
            case "pre" -> {
                flush();
                String code = stripBlankEdges(el.wholeText());
                if (!code.isEmpty()) {
                    String fence = code.contains("```") ? "~~~~" : "```";
                    emit(fence + MarkdownSyntax.codeLanguage(el) + "\n" + code + "\n" + fence);
                }
                return FilterResult.SKIP_ENTIRELY;
            }
            case "table" -> {
                flush();
                String table = MarkdownSyntax.table(el);
                if (!table.isEmpty()) {
                    emit(table);
                }
                return FilterResult.SKIP_ENTIRELY;
            }
            case "li" -> {
                flush();
                pendingItem = MarkdownSyntax.listMarker(el);
                return FilterResult.CONTINUE;
            }
            case "code", "kbd", "samp", "tt" -> {
                block.append(MarkdownSyntax.inlineCode(el.text()));
                return FilterResult.SKIP_ENTIRELY;
            }
            case "a" -> {
                String link = MarkdownSyntax.link(el);
                if (link == null) {
                    return FilterResult.CONTINUE;
                }
                block.append(link);
                return FilterResult.SKIP_ENTIRELY;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The fragment that leads to a heading: its id, else the id of an {@code <a id|name>} directly inside it, else
     * the id of the nearest enclosing section/div/article that has one, when the heading is that container's first
     * heading (DocBook's {@code <div class="sect1" id="..."><div class="titlepage">...<h2>} and Sphinx's
     * {@code <section id="..."><h2>} put the anchor there).
     */
    static String anchorOf(Element heading) {
        if (!heading.id().isEmpty()) {
            return heading.id();
        }
        for (Element child : heading.children()) {
            if (child.normalName().equals("a")) {
                String id = child.id().isEmpty() ? child.attr("name") : child.id();
                if (!id.isEmpty()) {
                    return id;
                }
            }
        }
        for (Element parent = heading.parent(); parent != null; parent = parent.parent()) {
            if (!parent.id().isEmpty()) {
                return ANCHOR_CONTAINERS.contains(parent.normalName()) && parent.selectFirst(HEADING) == heading
                        ? parent.id() : null;
            }
        }
        return null;
    }

    /**
     * Writes an addressable definition as a heading one level below the current section: a {@code <dt>} with an
     * anchor (its id or an {@code <a id|name>} inside) whose {@code <dd>} holds a real definition (a few words of
     * its own, not only a nested list). Configuration references, API parameter lists, Sphinx object descriptions
     * and glossaries are written this way; each term then heads its own section, carries its anchor, and is a
     * heading for search. Terms listed together before one definition become one heading. A back-of-book index
     * (terms with links, no definitions) stays as text.
     */
    private boolean definitionTerm(Element dt) {
        int level = Math.max(sectionLevel, 1) + 1;
        if (level > 6) {
            return false;
        }
        String anchor = termAnchor(dt);
        if (anchor == null) {
            return false;
        }
        List<Element> terms = new ArrayList<>(List.of(dt));
        Element next = dt.nextElementSibling();
        while (next != null && next.normalName().equals("dt")) {
            terms.add(next);
            next = next.nextElementSibling();
        }
        if (next == null || !next.normalName().equals("dd") || definitionWords(next) < MIN_DEFINITION_WORDS) {
            return false;
        }
        String title = String.join(" / ", terms.stream().map(t -> collapse(t.text())).filter(t -> !t.isEmpty()).toList());
        if (title.isEmpty() || title.length() > MAX_TERM_CHARS) {
            return false;
        }
        flush();
        emit("#".repeat(level) + " " + title);
        headings.add(new Heading(level, title, anchor));
        writtenTerms.addAll(terms);
        return true;
    }

    private static String termAnchor(Element dt) {
        if (!dt.id().isEmpty()) {
            return dt.id();
        }
        for (Element a : dt.getElementsByTag("a")) {
            String id = a.id().isEmpty() ? a.attr("name") : a.id();
            if (!id.isEmpty()) {
                return id;
            }
        }
        return null;
    }

    /** Words of a {@code <dd>} outside nested definition lists. */
    private static int definitionWords(Element dd) {
        int[] words = {0};
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof Element e && e != dd && e.normalName().equals("dl")) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (node instanceof TextNode t) {
                    for (String w : t.getWholeText().trim().split("\\s+")) {
                        if (!w.isEmpty()) {
                            words[0]++;
                        }
                    }
                }
                return words[0] >= MIN_DEFINITION_WORDS ? FilterResult.STOP : FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                return FilterResult.CONTINUE;
            }
        }, dd);
        return words[0];
    }

    /**
     * Whether a heading labels a call-out box (DocBook's {@code <div class="note"><h3>Note</h3>}, Sphinx's and
     * MkDocs' admonitions, {@code <aside>}): such headings have a fixed level wherever the box sits, so taking
     * them as sections would cut the page's real section in two and put what follows the box under "Note".
     */
    static boolean inAdmonition(Element heading) {
        for (Element e = heading.parent(); e != null; e = e.parent()) {
            if (e.normalName().equals("aside")) {
                return true;
            }
            for (String c : e.classNames()) {
                if (ADMONITIONS.contains(c.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasText(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && c != '\u00a0' && c != LINE_BREAK) {
                return true;
            }
        }
        return false;
    }

    private static int headingLevel(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6'
                ? name.charAt(1) - '0' : 0;
    }

    /** Whitespace runs become one space; {@code <br>} marks become line breaks; lines are trimmed. */
    static String collapse(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == LINE_BREAK) {
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
                    sb.append('\n');
                }
                pendingSpace = false;
            } else if (Character.isWhitespace(c) || c == '\u00a0') {
                pendingSpace = !sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n';
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '\n') {
            end--;
        }
        return sb.substring(0, end);
    }

    /** Drops blank lines before and trailing whitespace after a code block; indentation inside stays. */
    private static String stripBlankEdges(String code) {
        int start = 0;
        int i = 0;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            if (code.charAt(i) == '\n') {
                start = i + 1;
            }
            i++;
        }
        if (i == code.length()) {
            return "";
        }
        return code.substring(start).stripTrailing();
    }
}
