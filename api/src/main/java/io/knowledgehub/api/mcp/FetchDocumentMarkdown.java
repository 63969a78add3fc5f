package io.knowledgehub.api.mcp;

import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentMarkdown;
import io.knowledgehub.core.document.DocumentMarkdown.Line;
import io.knowledgehub.core.document.DocumentMarkdown.Outline;
import io.knowledgehub.core.document.DocumentMarkdown.Section;
import io.knowledgehub.core.document.MarkdownEscaping;
import io.quarkiverse.mcp.server.ToolCallException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code fetch_document} answers: the page's Markdown ({@link DocumentMarkdown}, the same as the REST API's),
 * optionally one section of it, under a header naming the page, in parts of a size an assistant can take in, with the
 * tool's own advice where a section is not found or the text goes on in another part. Text that looks like HTML is
 * escaped in the header and the page alike ({@link MarkdownEscaping}).
 *
 * <p>A page (or section) longer than the bound is split into parts ({@link #split}): each ends at a block boundary
 * (a blank line outside code, not right after a heading) where one lies in the second half of the bound, so that a
 * paragraph, list, table or code block is not cut; only a block longer than half the bound is cut inside (at a line
 * end; a code block cut so is closed at the end of one part and opened again, with its language, at the start of the
 * next). The parts, in order, hold the whole text once. Every part but the last ends with a note naming the next one
 * ({@code part}); the last says that it is the last.
 */
final class FetchDocumentMarkdown {

    private static final int MAX_LISTED_SECTIONS = 40;
    /** A heading line as {@link DocumentMarkdown#outline} reads one (outside code fences). */
    private static final Pattern HEADING_LINE = Pattern.compile("#{1,6}[ \\t]+\\S.*");

    private FetchDocumentMarkdown() {
    }

    /** The first (or only) part of the page or section; see {@link #render(Document, String, String, Integer, int)}. */
    static String render(Document document, String sourceName, String section, int maxChars) {
        return render(document, sourceName, section, null, maxChars);
    }

    /**
     * @param section heading text (any case) or anchor (with or without {@code #}) of the one section wanted; null or
     *                blank for the whole page
     * @param part    which part of a page (or section) longer than {@code maxChars}: 1 (or null) for the first
     * @throws ToolCallException naming the page's sections when none matches {@code section}, and saying which parts
     *                           there are when {@code part} is not one of them
     */
    static String render(Document document, String sourceName, String section, Integer part, int maxChars) {
        if (part != null && part < 1) {
            throw new ToolCallException("part must be 1 or more (1 is the first part, the same as leaving part out), "
                    + "not " + part + ".");
        }
        Outline outline = DocumentMarkdown.outline(document);
        List<Line> lines = outline.lines();
        int from = 0;
        int to = lines.size();
        String url = document.url;
        String sectionTitle = null;
        if (section != null && !section.isBlank()) {
            Section s = outline.find(section).orElseThrow(() -> new ToolCallException("This page has no section '"
                    + section.strip() + "'; its sections are: " + sectionList(outline, 0, lines.size())
                    + ". Pass one of these headings (or its anchor) as section, or leave section out for the whole page."));
            from = s.from();
            to = s.to();
            sectionTitle = s.heading().headingText();
            if (s.heading().anchor() != null) {
                url = stripFragment(url) + "#" + io.knowledgehub.core.search.SearchService.fragment(s.heading().anchor());
            }
        }
        String text = outline.text(from, to);
        List<Piece> pieces = split(text, maxChars);
        int n = pieces.size();
        int k = part == null ? 1 : part;
        String whole = sectionTitle == null ? "this page" : "this section";
        if (k > n) {
            throw new ToolCallException("part " + k + " does not exist: " + (n == 1
                    ? whole + " fits in one answer (part 1); leave part out."
                    : whole + " has " + n + " parts; pass part 1 to " + n + ", or leave part out for the first."));
        }
        Piece piece = pieces.get(k - 1);

        StringBuilder header = new StringBuilder();
        header.append("Title: ").append(document.title).append('\n');
        header.append("URL: ").append(url).append('\n');
        if (sectionTitle != null) {
            header.append("Section: ").append(sectionTitle).append('\n');
        }
        if (n > 1) {
            header.append("Part: ").append(k).append(" of ").append(n).append('\n');
        }
        header.append("Source: ").append(sourceName == null ? document.sourceId : sourceName)
                .append(" · Document id: ").append(document.id);
        if (document.changedAt != null) {
            header.append(" · Last changed: ").append(document.changedAt);
        }
        // page text that looks like HTML stays text, in the header as in the page (cut first, escaped last)
        StringBuilder out = new StringBuilder(MarkdownEscaping.escape(header.toString())).append("\n\n---\n\n")
                .append(DocumentMarkdown.escaped(document, piece.markdown()));
        if (n == 1) {
            return out.append('\n').toString();
        }
        String range = "characters " + (piece.start() + 1) + " to " + piece.end() + " of " + text.length();
        if (k == n) {
            return out.append("\n\n[Part ").append(k).append(" of ").append(n).append(", the last part (").append(range)
                    .append("): ").append(whole).append(" ends here.]\n").toString();
        }
        out.append("\n\n[Truncated: this is part ").append(k).append(" of ").append(n).append(" (").append(range)
                .append("). To read on, call fetch_document again with the same document");
        if (section != null && !section.isBlank()) {
            out.append(", section set to \"").append(section.strip()).append('"');
        }
        out.append(" and part set to ").append(k + 1).append('.');
        String sections = smallerSections(outline, from, to);
        if (!sections.isEmpty()) {
            out.append(" Or read only one of its sections: call fetch_document with section set to one of these "
                    + "headings: ").append(sections).append('.');
        }
        return out.append("]\n").toString();
    }

    /**
     * One part of a text: its characters {@code start} to {@code end} (exclusive), as handed out ({@code markdown}:
     * stripped, and where it starts or ends inside a code block, that block's opening line put before it or a closing
     * fence after it).
     */
    record Piece(int start, int end, String markdown) {
    }

    /**
     * {@code text} in parts of at most {@code maxChars} characters (a code block's reopening and closing lines
     * aside), in order; one part when it fits. Each part is cut where the class comment says; consecutive parts
     * hold consecutive characters of the text, only whitespace between them left out.
     */
    static List<Piece> split(String text, int maxChars) {
        Layout layout = new Layout(text);
        List<Piece> out = new ArrayList<>();
        int pos = 0;
        int line = 0;
        int budget = Math.max(maxChars, 1);
        while (pos < text.length()) {
            while (line + 1 < layout.lines() && layout.start(line + 1) <= pos) {
                line++;
            }
            String reopen = layout.fenceAt(line);
            String prefix = reopen == null ? "" : reopen + "\n";
            if (prefix.length() + text.length() - pos <= budget) {
                out.add(new Piece(pos, text.length(), prefix + text.substring(pos)));
                break;
            }
            // the best cut before a line j: a block boundary, else a line end outside code, else inside code
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int j = line + 1; j < layout.lines(); j++) {
                int keptEnd = layout.contentEnd(j - 1);
                if (keptEnd <= pos) {
                    continue;
                }
                String fence = layout.fenceAt(j);
                if (fence != null && layout.isClosing(j)) {
                    continue; // the next part would open the block only to close it
                }
                int size = prefix.length() + keptEnd - pos + (fence == null ? 0 : 1 + closer(fence).length());
                if (prefix.length() + keptEnd - pos > budget) {
                    break;
                }
                if (size > budget || size < budget / 2) {
                    continue;
                }
                int rank;
                if (fence != null) {
                    rank = 2;
                } else if (layout.headingBefore(j)) {
                    rank = 3;
                } else if (layout.isBlank(j) || layout.isHeading(j) || layout.isClosing(j - 1)) {
                    rank = 0;
                } else {
                    rank = 1;
                }
                if (rank <= bestRank) {
                    best = j;
                    bestRank = rank;
                }
            }
            int end;
            int next;
            String fenceAtEnd;
            if (best > 0) {
                end = layout.contentEnd(best - 1);
                fenceAtEnd = layout.fenceAt(best);
                next = best;
                while (fenceAtEnd == null && next < layout.lines() && layout.isBlank(next)) {
                    next++;
                }
                next = next < layout.lines() ? layout.start(next) : text.length();
            } else {
                // no line end in the second half of the bound: the line the bound ends in is cut, at a space if it can be
                int cutLine = layout.lineOf(pos + budget - prefix.length());
                String fence = layout.fenceAt(cutLine);
                int room = budget - prefix.length() - (fence == null ? 0 : 1 + closer(fence).length());
                end = pos + Math.max(room, 1);
                int space = text.lastIndexOf(' ', end);
                if (space > pos + room / 2 && space > layout.start(cutLine)) {
                    end = space;
                } else if (Character.isHighSurrogate(text.charAt(end - 1)) && end - 1 > pos) {
                    end--;
                }
                fenceAtEnd = fence;
                next = end;
                while (next < text.length() && (text.charAt(next) == '\n' || fence == null && text.charAt(next) == ' ')) {
                    next++;
                }
            }
            String kept = text.substring(pos, end).stripTrailing();
            out.add(new Piece(pos, pos + kept.length(),
                    prefix + kept + (fenceAtEnd == null ? "" : "\n" + closer(fenceAtEnd))));
            pos = next;
        }
        return out.isEmpty() ? List.of(new Piece(0, 0, "")) : out;
    }

    /** The line that closes the code block {@code opening} opens: its indentation and fence characters. */
    private static String closer(String opening) {
        String stripped = opening.stripLeading();
        char c = stripped.charAt(0);
        int run = 0;
        while (run < stripped.length() && stripped.charAt(run) == c) {
            run++;
        }
        return opening.substring(0, opening.length() - stripped.length()) + String.valueOf(c).repeat(run);
    }

    /** A text's lines, with where code blocks are open, as {@link DocumentMarkdown#outline} reads them. */
    private static final class Layout {

        private final String text;
        private final List<Integer> starts = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();
        /** The opening line of the code block open at each line's start (and after the last one), else null. */
        private final List<String> fences = new ArrayList<>();
        private final List<Boolean> headings = new ArrayList<>();
        private final List<Boolean> closings = new ArrayList<>();

        Layout(String text) {
            this.text = text;
            String fence = null;
            String marker = null;
            int start = 0;
            while (start <= text.length()) {
                int end = text.indexOf('\n', start);
                end = end < 0 ? text.length() : end;
                String line = text.substring(start, end);
                String stripped = line.strip();
                starts.add(start);
                ends.add(end);
                fences.add(fence);
                boolean closing = false;
                boolean heading = false;
                if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                    fence = line;
                    marker = stripped.substring(0, 3);
                } else if (fence != null && stripped.startsWith(marker)
                        && stripped.replace(marker.substring(0, 1), "").isEmpty()) {
                    fence = null;
                    closing = true;
                } else if (fence == null) {
                    heading = HEADING_LINE.matcher(stripped).matches();
                }
                closings.add(closing);
                headings.add(heading);
                start = end + 1;
            }
            fences.add(fence);
        }

        int lines() {
            return starts.size();
        }

        /** The line holding the character at {@code offset}. */
        int lineOf(int offset) {
            int i = Collections.binarySearch(starts, offset);
            return i >= 0 ? i : -i - 2;
        }

        int start(int line) {
            return starts.get(line);
        }

        /** Where the text up to the end of {@code line} ends, trailing whitespace left out. */
        int contentEnd(int line) {
            int end = ends.get(line);
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            return end;
        }

        String fenceAt(int line) {
            return fences.get(line);
        }

        boolean isBlank(int line) {
            return text.substring(starts.get(line), ends.get(line)).isBlank();
        }

        boolean isHeading(int line) {
            return headings.get(line);
        }

        boolean isClosing(int line) {
            return closings.get(line);
        }

        /** Whether the last line with text before {@code line} is a heading (a cut there would leave it alone). */
        boolean headingBefore(int line) {
            for (int i = line - 1; i >= 0; i--) {
                if (!isBlank(i)) {
                    return isHeading(i);
                }
            }
            return false;
        }
    }

    /** Cuts at a line end within the bound and closes a code fence the cut leaves open. */
    static String cut(String text, int maxChars) {
        int end = text.lastIndexOf('\n', maxChars);
        if (end < maxChars / 2) {
            end = maxChars;
        }
        String kept = text.substring(0, end).stripTrailing();
        long fences = kept.lines().filter(l -> l.stripLeading().startsWith("```")).count();
        return fences % 2 == 1 ? kept + "\n```" : kept;
    }

    private static String sectionList(Outline outline, int from, int to) {
        List<String> names = outline.headings(from, to).stream().map(h -> "\"" + h.headingText() + "\"").toList();
        if (names.size() > MAX_LISTED_SECTIONS) {
            int more = names.size() - MAX_LISTED_SECTIONS;
            return names.stream().limit(MAX_LISTED_SECTIONS).collect(Collectors.joining(", ")) + " and " + more + " more";
        }
        return String.join(", ", names);
    }

    /**
     * The headings among lines {@code from} to {@code to} that name a section strictly smaller than those lines (one
     * that, passed as section, gives other text than this answer's: not the page's top heading over all of it, nor
     * the section shown), once each.
     */
    private static String smallerSections(Outline outline, int from, int to) {
        Set<String> names = new LinkedHashSet<>();
        for (Line h : outline.headings(from, to)) {
            outline.find(h.headingText())
                    .filter(s -> s.from() >= from && s.to() <= to && (s.from() > from || s.to() < to))
                    .ifPresent(s -> names.add("\"" + h.headingText() + "\""));
        }
        if (names.size() > MAX_LISTED_SECTIONS) {
            int more = names.size() - MAX_LISTED_SECTIONS;
            return names.stream().limit(MAX_LISTED_SECTIONS).collect(Collectors.joining(", ")) + " and " + more + " more";
        }
        return String.join(", ", names);
    }

    static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }
}
