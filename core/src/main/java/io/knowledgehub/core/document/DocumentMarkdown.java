package io.knowledgehub.core.document;

import io.knowledgehub.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
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
        boolean ownMarkdown = d.markdown != null && !d.markdown.isBlank()
                && ContentKind.MARKDOWN.mimeType().equals(d.contentType);
        return ownMarkdown ? markdown : MarkdownEscaping.escape(markdown);
    }

    /** The document's Markdown form where the crawl kept one, else its structured text; stripped, never null. */
    public static String body(Document d) {
        String text = d.markdown != null && !d.markdown.isBlank() ? d.markdown : d.content;
        return text == null ? "" : text.strip();
    }

    /** {@link #body} split into lines, its headings (outside code fences) with their level, text and stored anchor. */
    public static Outline outline(Document d) {
        List<Heading> stored = StoredHeadings.read(d.headings);
        List<Line> out = new ArrayList<>();
        boolean inFence = false;
        String fence = null;
        int next = 0;
        for (String line : body(d).split("\n", -1)) {
            String stripped = line.strip();
            if (!inFence && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                inFence = true;
                fence = stripped.substring(0, 3);
            } else if (inFence && stripped.startsWith(fence) && stripped.replace(fence.substring(0, 1), "").isEmpty()) {
                inFence = false;
            } else if (!inFence) {
                Matcher m = HEADING_LINE.matcher(stripped);
                if (m.matches()) {
                    String text = m.group(2);
                    String anchor = null;
                    // the stored headings are the text's, in order: the next one with this text has its anchor
                    for (int i = next; i < stored.size(); i++) {
                        if (normalise(stored.get(i).text()).equals(normalise(text))) {
                            anchor = stored.get(i).anchor();
                            next = i + 1;
                            break;
                        }
                    }
                    out.add(new Line(line, m.group(1).length(), text, anchor));
                    continue;
                }
            }
            out.add(new Line(line, 0, null, null));
        }
        return new Outline(List.copyOf(out));
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
