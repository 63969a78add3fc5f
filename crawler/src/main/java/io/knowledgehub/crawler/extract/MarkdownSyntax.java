package io.knowledgehub.crawler.extract;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Markdown spelling of HTML elements, for {@link StructuredText#markdownOf}: pure functions of an element. */
final class MarkdownSyntax {

    private static final Pattern LANGUAGE_CLASS = Pattern.compile("(?:language|lang|highlight(?:-source)?|brush)-([A-Za-z0-9_+#.-]+)");
    /** Class suffixes that name no language (Sphinx' highlight-default, "text", "none"). */
    private static final Set<String> NO_LANGUAGE = Set.of("default", "none", "text", "plain", "plaintext", "nohighlight");
    private static final Set<String> INLINE_BLOCKS = Set.of("p", "div", "ul", "ol", "dl", "table", "pre", "section",
            "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "figure");
    private static final int LANGUAGE_ANCESTORS = 3;

    private MarkdownSyntax() {
    }

    /**
     * The language of a code block: from {@code language-x}, {@code lang-x}, {@code highlight-x} or
     * {@code highlight-source-x} classes or a {@code data-lang} attribute on the {@code <pre>}, its {@code <code>}
     * or up to three elements around it (Sphinx wraps the block in {@code div.highlight-python}); "" when none.
     */
    static String codeLanguage(Element pre) {
        List<Element> candidates = new ArrayList<>();
        candidates.add(pre);
        for (Element child : pre.children()) {
            if (child.normalName().equals("code")) {
                candidates.add(child);
            }
        }
        Element up = pre.parent();
        for (int i = 0; i < LANGUAGE_ANCESTORS && up != null; i++, up = up.parent()) {
            candidates.add(up);
        }
        for (Element e : candidates) {
            String lang = e.attr("data-lang").strip().toLowerCase(Locale.ROOT);
            if (usable(lang)) {
                return lang;
            }
            for (String c : e.classNames()) {
                Matcher m = LANGUAGE_CLASS.matcher(c);
                if (m.matches() && usable(m.group(1).toLowerCase(Locale.ROOT))) {
                    return m.group(1).toLowerCase(Locale.ROOT);
                }
            }
        }
        return "";
    }

    private static boolean usable(String lang) {
        return !lang.isEmpty() && !NO_LANGUAGE.contains(lang) && lang.matches("[a-z0-9_+#.-]{1,30}");
    }

    /** {@code `text`}, with a longer fence when the code holds backticks; "" for empty code. */
    static String inlineCode(String text) {
        String code = StructuredText.collapse(text);
        if (code.isEmpty()) {
            return "";
        }
        String ticks = code.contains("`") ? "``" : "`";
        String pad = code.startsWith("`") || code.endsWith("`") ? " " : "";
        return ticks + pad + code + pad + ticks;
    }

    /**
     * {@code [text](absolute-url)} for a link with text and an http(s), mailto or in-page target and nothing but
     * inline content; null when the element is better written as its plain content (no href, javascript:, an
     * anchor without text, a link wrapping blocks).
     */
    static String link(Element a) {
        if (!a.hasAttr("href")) {
            return null;
        }
        for (Element d : a.getAllElements()) {
            if (d != a && INLINE_BLOCKS.contains(d.normalName())) {
                return null;
            }
        }
        String href = a.attr("href").strip();
        String url = href.startsWith("#") ? href : a.absUrl("href");
        String lower = url.toLowerCase(Locale.ROOT);
        if (url.isEmpty() || !(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")
                || url.startsWith("#"))) {
            return null;
        }
        String text = StructuredText.collapse(inline(a)).replace("\n", " ");
        if (text.isEmpty() || text.equals("¶") || text.equals("#")) {
            return text.isEmpty() ? null : "";
        }
        return "[" + text.replace("[", "\\[").replace("]", "\\]") + "](" + url.replace(" ", "%20").replace(")", "%29") + ")";
    }

    /** The text of inline content, inline code in backticks. */
    static String inline(Element el) {
        StringBuilder sb = new StringBuilder();
        for (Node n : el.childNodes()) {
            if (n instanceof TextNode t) {
                sb.append(t.getWholeText());
            } else if (n instanceof Element e) {
                switch (e.normalName()) {
                    case "code", "kbd", "samp", "tt" -> sb.append(inlineCode(e.text()));
                    case "br" -> sb.append(' ');
                    default -> sb.append(inline(e));
                }
            }
        }
        return sb.toString();
    }

    /**
     * The list marker of an item with the indentation of its nesting: {@code - } under {@code <ul>}, {@code 3. }
     * under {@code <ol>} (counting from its {@code start}), indented by the markers of the items around it.
     */
    static String listMarker(Element li) {
        StringBuilder indent = new StringBuilder();
        for (Element p = li.parent(); p != null; p = p.parent()) {
            if (p.normalName().equals("li")) {
                indent.append(" ".repeat(ownMarker(p).length()));
            }
        }
        return indent + ownMarker(li);
    }

    private static String ownMarker(Element li) {
        Element list = li.parent();
        if (list == null || !list.normalName().equals("ol")) {
            return "- ";
        }
        int start = 1;
        try {
            start = list.hasAttr("start") ? Integer.parseInt(list.attr("start").strip()) : 1;
        } catch (NumberFormatException e) {
            start = 1;
        }
        int n = start;
        for (Element sibling : list.children()) {
            if (sibling == li) {
                break;
            }
            if (sibling.normalName().equals("li")) {
                n++;
            }
        }
        return n + ". ";
    }

    /**
     * A GFM pipe table: the first row is the header (GFM needs one), every row padded to the widest, pipes in cells
     * escaped, cells written inline (links and code kept, line breaks as spaces); a caption goes before it as a
     * paragraph. Rows of nested tables belong to their own table and are not repeated. "" for a table without text.
     */
    static String table(Element table) {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : table.getElementsByTag("tr")) {
            if (tr.closest("table") != table) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : tr.children()) {
                String tag = cell.normalName();
                if (tag.equals("td") || tag.equals("th")) {
                    cells.add(cell(cell));
                }
            }
            if (!cells.isEmpty() && cells.stream().anyMatch(c -> !c.isEmpty())) {
                rows.add(cells);
            }
        }
        if (rows.isEmpty()) {
            return "";
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(1);
        StringBuilder sb = new StringBuilder();
        Element caption = table.selectFirst("caption");
        if (caption != null && caption.closest("table") == table) {
            String text = StructuredText.collapse(caption.text());
            if (!text.isEmpty()) {
                sb.append(text).append("\n\n");
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            row(sb, rows.get(r), columns);
            if (r == 0) {
                sb.append('\n');
                row(sb, Collections.nCopies(columns, "---"), columns);
            }
            if (r < rows.size() - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> cells, int columns) {
        sb.append('|');
        for (int c = 0; c < columns; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            sb.append(' ').append(cell).append(cell.isEmpty() ? "" : " ").append('|');
        }
    }

    private static String cell(Element cell) {
        StringBuilder sb = new StringBuilder();
        for (Node n : cell.childNodes()) {
            if (n instanceof TextNode t) {
                sb.append(t.getWholeText());
            } else if (n instanceof Element e) {
                String link = e.normalName().equals("a") ? link(e) : null;
                if (link != null) {
                    sb.append(link);
                } else if (e.normalName().equals("code") || e.normalName().equals("kbd")) {
                    sb.append(inlineCode(e.text()));
                } else {
                    sb.append(' ').append(inline(e)).append(' ');
                }
            }
        }
        return StructuredText.collapse(sb.toString()).replace("\n", " ").replace("|", "\\|");
    }
}
