package io.knowledgehub.core.document;

import io.knowledgehub.core.error.InvalidInputException;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stored document as Markdown, for readers (the REST answer to {@code Accept: text/markdown}, the MCP tool
 * {@code fetch_document}): its Markdown form (an HTML page's lists, tables, links, inline code and code languages,
 * when the page was crawled since that form was kept; else its structured text, which is Markdown already: {@code #}
 * headings, blank-line separated blocks, fenced code). Optionally only one section: a heading, chosen by its anchor
 * or its text, and everything under it up to the next heading of the same or a higher level. Text that looks like
 * HTML is escaped on the way out ({@link #escaped}). Pure functions.
 */
public final class DocumentMarkdown {

    private static final Pattern HEADING_LINE = Pattern.compile("(#{1,6})[ \\t]+(\\S.*?)[ \\t]*");

    private DocumentMarkdown() {
    }

    /** The whole document, its title first as {@code # Title}; page text kept literal ({@link #escaped}). */
    public static String render(Document d) {
        String body = body(d);
        String title = d.title == null ? "" : d.title.strip();
        // a page whose text opens with its title as a level-1 heading already has its "# Title"
        if (title.isEmpty() || body.startsWith("# " + title + "\n") || body.equals("# " + title)) {
            return body.isEmpty() ? "" : escaped(d, body) + "\n";
        }
        return MarkdownEscaping.escape("# " + title) + "\n\n" + (body.isEmpty() ? "" : escaped(d, body) + "\n");
    }

    /**
     * One section of the document, or the whole of it (with its title) when {@code section} is null or blank.
     *
     * @param section a heading's anchor ({@code installation}, {@code #installation}) or its text ({@code Installation},
     *                any case)
     * @throws InvalidInputException when no heading of the document has that anchor or text (the message lists some)
     */
    public static String render(Document d, String section) {
        if (section == null || section.isBlank()) {
            return render(d);
        }
        Outline outline = outline(d);
        Section s = outline.find(section).orElseThrow(() -> new InvalidInputException("section", "The document has no "
                + "section \"" + section + "\"; its sections are " + outline.headings(0, outline.lines().size()).stream()
                .limit(20).map(h -> h.anchor() != null ? h.anchor() : h.headingText()).toList() + "."));
        String out = outline.text(s.from(), s.to());
        return out.isEmpty() ? "" : escaped(d, out) + "\n";
    }

    /**
     * {@code markdown}, {@link #body} or part of it, as handed out: text that looks like HTML escaped
     * ({@link MarkdownEscaping}), as the page showed it as text. Only a Markdown page's own Markdown is left as
     * written, being the site's Markdown rather than text written as Markdown here. Sections are picked from the
     * unescaped body (its headings are the stored ones), so this is the last step.
     */
    public static String escaped(Document d, String markdown) {
        return ownMarkdown(d) ? markdown : MarkdownEscaping.escape(markdown);
    }

    /** Whether {@link #body} is a Markdown page's own Markdown (else text written here, with headings as # lines). */
    private static boolean ownMarkdown(Document d) {
        return d.markdown != null && !d.markdown.isBlank() && ContentKind.MARKDOWN.mimeType().equals(d.contentType);
    }

    /** The document's Markdown form where the crawl kept one, else its structured text; stripped, never null. */
    public static String body(Document d) {
        String text = d.markdown != null && !d.markdown.isBlank() ? d.markdown : d.content;
        return text == null ? "" : text.strip();
    }

    /**
     * {@link #body} split into lines, its headings with their level, text and stored anchor. The headings are those a
     * Markdown reader sees (CommonMark): ATX ({@code ## Text}) and Setext (text underlined with {@code ===} or
     * {@code ---}) headings, outside code blocks, with their text as the crawler stored it (inline code, links and
     * emphasis as their text, inline HTML left out), so that the anchors search results link to find their section
     * also on a Markdown page whose headings carry markup. A Setext heading that matches no stored heading is text
     * (a line of dashes under a paragraph in a page that was not Markdown).
     */
    public static Outline outline(Document d) {
        List<Heading> stored = StoredHeadings.read(d.headings);
        String body = body(d);
        String[] raw = body.split("\n", -1);
        Map<Integer, Parsed> parsed = headings(ownMarkdown(d) ? PARSER : TEXT_PARSER, body, raw);
        List<Line> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < raw.length; i++) {
            Parsed h = parsed.get(i);
            if (h == null) {
                out.add(new Line(raw[i], 0, null, null));
                continue;
            }
            Matcher atx = HEADING_LINE.matcher(raw[i].strip());
            String written = atx.matches() ? atx.group(2) : null;
            String anchor = null;
            String text = null;
            boolean matched = false;
            // the stored headings are the text's, in order: the next one with this text has its anchor
            for (int k = next; k < stored.size(); k++) {
                String storedText = normalise(stored.get(k).text());
                if (storedText.equals(normalise(h.text())) || storedText.equals(normalise(written))) {
                    anchor = stored.get(k).anchor();
                    text = stored.get(k).text();
                    next = k + 1;
                    matched = true;
                    break;
                }
            }
            if (h.setext() && !matched) {
                out.add(new Line(raw[i], 0, null, null));
                continue;
            }
            if (text == null) {
                text = written != null ? written : h.text();
            }
            out.add(new Line(raw[i], h.level(), text, anchor));
        }
        return new Outline(List.copyOf(out));
    }

    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    /**
     * For text written here rather than a site's own Markdown: page text that starts a line with {@code <pre} or
     * {@code <!--} is text, not an HTML block (which could run on to the end and hide the headings after it).
     */
    private static final Parser TEXT_PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .enabledBlockTypes(java.util.Set.of(org.commonmark.node.Heading.class, org.commonmark.node.ThematicBreak.class,
                    org.commonmark.node.FencedCodeBlock.class, org.commonmark.node.IndentedCodeBlock.class,
                    org.commonmark.node.BlockQuote.class, org.commonmark.node.ListBlock.class)).build();

    /** A heading as CommonMark reads it: level, text, and whether it is underlined (Setext). */
    private record Parsed(int level, String text, boolean setext) {
    }

    /** The headings of {@code markdown} (split into {@code lines}) by the index of their first line. */
    private static Map<Integer, Parsed> headings(Parser parser, String markdown, String[] lines) {
        Map<Integer, Parsed> found = new HashMap<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.Heading h) {
                List<SourceSpan> spans = h.getSourceSpans();
                if (!spans.isEmpty()) {
                    int line = spans.get(0).getLineIndex();
                    int last = spans.get(spans.size() - 1).getLineIndex();
                    String first = line < 0 || line >= lines.length ? "" : lines[line].strip();
                    boolean setext = last > line || !first.startsWith("#");
                    String text = MarkdownInlineText.of(h, n -> { }).strip().replaceAll("\\s+", " ");
                    found.put(line, new Parsed(h.getLevel(), text, setext));
                }
            }
        });
        return found;
    }


    /** A line of the body; a heading's carries its level (1 to 6), text and anchor (null when none was stored). */
    public record Line(String text, int level, String headingText, String anchor) {

        public boolean isHeading() {
            return level > 0;
        }
    }

    /** The lines {@code from} (a heading's, or 0 for the whole body) up to {@code to}, exclusive. */
    public record Section(int from, int to, Line heading) {
    }

    /** The body as lines, with what is needed to pick a section and list the headings. */
    public record Outline(List<Line> lines) {

        /**
         * The section {@code wanted} names: a heading whose anchor it is (with or without {@code #}), else whose text
         * it is, else whose text contains it, case and spacing aside; empty when none does.
         */
        public Optional<Section> find(String wanted) {
            String w = wanted.strip();
            String asAnchor = normalise(w.startsWith("#") && !w.startsWith("# ") ? w.substring(1) : w);
            String asHeading = normalise(wanted.replaceFirst("^\\s*#+\\s+", ""));
            int start = first(l -> l.anchor() != null && normalise(l.anchor()).equals(asAnchor));
            if (start < 0) {
                start = first(l -> normalise(l.headingText()).equals(asHeading));
            }
            if (start < 0 && !asHeading.isEmpty()) {
                start = first(l -> normalise(l.headingText()).contains(asHeading));
            }
            if (start < 0) {
                return Optional.empty();
            }
            Line heading = lines.get(start);
            int to = start + 1;
            while (to < lines.size() && (!lines.get(to).isHeading() || lines.get(to).level() > heading.level())) {
                to++;
            }
            return Optional.of(new Section(start, to, heading));
        }

        /** The lines {@code from} to {@code to} (exclusive) as text, stripped. */
        public String text(int from, int to) {
            StringBuilder out = new StringBuilder();
            for (int i = from; i < to; i++) {
                out.append(lines.get(i).text()).append('\n');
            }
            return out.toString().strip();
        }

        /** The heading lines among {@code from} to {@code to} (exclusive), in order. */
        public List<Line> headings(int from, int to) {
            return lines.subList(from, to).stream().filter(Line::isHeading).toList();
        }

        private int first(Predicate<Line> p) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isHeading() && p.test(lines.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
