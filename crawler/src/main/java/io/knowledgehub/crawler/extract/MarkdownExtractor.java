package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.MarkdownInlineText;
import io.knowledgehub.crawler.scope.UrlNormalizer;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Markdown document ({@code text/markdown}, or a {@code .md} file served as text) into an
 * {@link ExtractedPage} of the same shape as an HTML page's, parsed with commonmark-java (CommonMark plus GFM
 * tables):
 * <ul>
 *   <li>text: ATX and Setext headings as {@code #} lines, paragraphs and list items as blocks, code blocks fenced
 *       (as HTML code blocks are, without their language), each table as one block of {@code a | b} rows so the
 *       chunker keeps it whole, links and inline code as their text, HTML blocks as their text; front matter
 *       ({@code ---} YAML or {@code +++} TOML) dropped;</li>
 *   <li>markdown: the document itself without its front matter, served as the page's Markdown form;</li>
 *   <li>title: front matter {@code title}, else the first level-1 heading, else the first heading, else the file
 *       name;</li>
 *   <li>headings with GitHub's anchors (lower case, punctuation dropped, spaces as hyphens, {@code -1}, {@code -2}
 *       for repeats);</li>
 *   <li>links: Markdown links and autolinks resolved against the page URL, for the crawl to follow.</li>
 * </ul>
 * Pure and thread-safe, like {@link HtmlExtractor}.
 */
public final class MarkdownExtractor {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Pattern YAML_TITLE = Pattern.compile("(?m)^title\\s*[:=]\\s*(.+?)\\s*$");

    private final TextCleaner cleaner;
    private final ContentHasher hasher;

    public MarkdownExtractor(TextCleaner cleaner, ContentHasher hasher) {
        this.cleaner = cleaner;
        this.hasher = hasher;
    }

    /**
     * @param body        the raw bytes (UTF-8 unless the Content-Type names a charset)
     * @param contentType the Content-Type header, may be null
     * @param pageUrl     the URL the document was fetched from
     */
    public ExtractedPage extract(byte[] body, String contentType, String pageUrl) {
        return extract(decode(body, contentType), pageUrl);
    }

    public ExtractedPage extract(String source, String pageUrl) {
        String normalized = source.replace("\r\n", "\n").replace('\r', '\n');
        FrontMatter front = FrontMatter.split(normalized);
        Node document = PARSER.parse(front.body());
        Writer writer = new Writer(pageUrl);
        writer.blocks(document);
        String text = cleaner.clean(writer.out.toString());
        String markdown = cleaner.clean(front.body().strip());
        String title = front.title() != null ? front.title() : writer.title(pageUrl);
        return new ExtractedPage(title, text, writer.headings, hasher.hash(text), twinOf(pageUrl),
                new ArrayList<>(writer.links), ContentKind.MARKDOWN, markdown.equals(text) ? null : markdown);
    }

    /**
     * The page a Markdown twin stands for, by the llms.txt convention: {@code guide.html.md} is the Markdown form of
     * {@code guide.html} (so it is stored under that URL, once); null for other URLs.
     */
    public static String twinOf(String markdownUrl) {
        if (markdownUrl == null) {
            return null;
        }
        String lower = markdownUrl.toLowerCase(Locale.ROOT);
        int q = lower.indexOf('?');
        if (q >= 0) {
            return null;
        }
        if (lower.endsWith(".html.md") || lower.endsWith(".htm.md")) {
            return UrlNormalizer.normalize(markdownUrl.substring(0, markdownUrl.length() - 3));
        }
        return null;
    }

    /** The in-document links of a Markdown text (an llms.txt, say), resolved against its URL and normalised. */
    public static List<String> links(String source, String pageUrl) {
        Writer writer = new Writer(pageUrl);
        writer.blocks(PARSER.parse(FrontMatter.split(source.replace("\r\n", "\n")).body()));
        return new ArrayList<>(writer.links);
    }

    static String decode(byte[] body, String contentType) {
        String name = HtmlExtractor.charsetOf(contentType);
        String text = new String(body, name == null ? StandardCharsets.UTF_8 : Charset.forName(name));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The file name of a URL without its extension, as a last-resort title ("getting-started" for .../getting-started.md). */
    static String fileTitle(String pageUrl) {
        try {
            String path = URI.create(pageUrl).getPath();
            if (path == null) {
                return pageUrl;
            }
            String name = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            name = name.substring(name.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            name = dot > 0 ? name.substring(0, dot) : name;
            return name.isEmpty() ? pageUrl : name;
        } catch (IllegalArgumentException e) {
            return pageUrl;
        }
    }

    /** Front matter at the very start: {@code ---} (YAML) or {@code +++} (TOML) lines around it. */
    record FrontMatter(String title, String body) {

        static FrontMatter split(String text) {
            for (String fence : new String[]{"---", "+++"}) {
                if (!text.startsWith(fence + "\n")) {
                    continue;
                }
                int end = text.indexOf("\n" + fence + "\n", fence.length());
                int endAtEof = text.endsWith("\n" + fence) ? text.length() - fence.length() - 1 : -1;
                int close = end >= 0 ? end : endAtEof;
                if (close < 0 && fence.equals("---")) {
                    int dots = text.indexOf("\n...\n");
                    close = dots;
                }
                if (close < 0) {
                    continue;
                }
                String yaml = text.substring(fence.length() + 1, close);
                int bodyStart = Math.min(text.length(), close + fence.length() + 2);
                Matcher m = YAML_TITLE.matcher(yaml);
                String title = m.find() ? unquote(m.group(1)) : null;
                return new FrontMatter(title == null || title.isBlank() ? null : title, text.substring(bodyStart));
            }
            return new FrontMatter(null, text);
        }

        private static String unquote(String value) {
            String v = value.strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            return StructuredText.collapse(v);
        }
    }

    /** Writes the structured text while walking the document once. */
    private static final class Writer {

        private final StringBuilder out = new StringBuilder();
        private final List<Heading> headings = new ArrayList<>();
        private final Set<String> links = new LinkedHashSet<>();
        private final Set<String> slugs = new HashSet<>();
        private final URI base;

        Writer(String pageUrl) {
            URI b;
            try {
                b = URI.create(pageUrl);
            } catch (IllegalArgumentException e) {
                b = null;
            }
            this.base = b;
        }

        String title(String pageUrl) {
            for (Heading h : headings) {
                if (h.level() == 1) {
                    return h.text();
                }
            }
            return headings.isEmpty() ? fileTitle(pageUrl) : headings.get(0).text();
        }

        void blocks(Node parent) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                block(n);
            }
        }

        private void block(Node n) {
            switch (n) {
                case org.commonmark.node.Heading h -> {
                    String text = StructuredText.collapse(inline(h));
                    if (!text.isEmpty()) {
                        emit("#".repeat(h.getLevel()) + " " + text);
                        headings.add(new Heading(h.getLevel(), text, GithubSlugs.unique(text, slugs)));
                    }
                }
                case Paragraph p -> emit(StructuredText.collapse(inline(p).replace("\n", "\u0000")));
                case FencedCodeBlock code -> fence(code.getLiteral());
                case IndentedCodeBlock code -> fence(code.getLiteral());
                case HtmlBlock html -> {
                    var doc = Jsoup.parseBodyFragment(html.getLiteral(), base == null ? "" : base.toString());
                    doc.select("a[href]").forEach(a -> link(a.attr("href")));
                    emit(StructuredText.collapse(doc.body().text()));
                }
                case TableBlock table -> emit(table(table));
                case ListBlock list -> blocks(list);
                case ListItem item -> blocks(item);
                case BlockQuote quote -> blocks(quote);
                default -> blocks(n);
            }
        }

        private void fence(String literal) {
            String code = literal.stripTrailing();
            while (code.startsWith("\n")) {
                code = code.substring(1);
            }
            if (!code.isBlank()) {
                emit("```\n" + code + "\n```");
            }
        }

        /** One block: a row per line, cells joined by " | " as in an HTML page's text. */
        private String table(TableBlock table) {
            List<String> rows = new ArrayList<>();
            collectRows(table, rows);
            return String.join("\n", rows);
        }

        private void collectRows(Node parent, List<String> rows) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                if (n instanceof TableRow row) {
                    List<String> cells = new ArrayList<>();
                    for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                        if (c instanceof TableCell cell) {
                            String text = StructuredText.collapse(inline(cell));
                            if (!text.isEmpty()) {
                                cells.add(text);
                            }
                        }
                    }
                    if (!cells.isEmpty()) {
                        rows.add(String.join(" | ", cells));
                    }
                } else {
                    collectRows(n, rows);
                }
            }
        }

        /** The text of inline content ({@link MarkdownInlineText}); links are remembered for the crawl. */
        private String inline(Node parent) {
            return MarkdownInlineText.of(parent, n -> {
                if (n instanceof Link l) {
                    link(l.getDestination());
                } else if (n instanceof HtmlInline html) {
                    var a = Jsoup.parseBodyFragment(html.getLiteral()).selectFirst("a[href]");
                    if (a != null) {
                        link(a.attr("href"));
                    }
                }
            });
        }

        private void link(String href) {
            if (base == null || href == null || href.isBlank()) {
                return;
            }
            String url = UrlNormalizer.resolve(base, href);
            if (url != null) {
                links.add(url);
            }
        }

        private void emit(String block) {
            if (block.isBlank()) {
                return;
            }
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append(block);
        }
    }
}
