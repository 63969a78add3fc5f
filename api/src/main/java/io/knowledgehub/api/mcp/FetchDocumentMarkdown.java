package io.knowledgehub.api.mcp;

import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentMarkdown;
import io.knowledgehub.core.document.DocumentMarkdown.Line;
import io.knowledgehub.core.document.DocumentMarkdown.Outline;
import io.knowledgehub.core.document.DocumentMarkdown.Section;
import io.knowledgehub.core.document.MarkdownEscaping;
import io.quarkiverse.mcp.server.ToolCallException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code fetch_document} answers: the page's Markdown ({@link DocumentMarkdown}, the same as the REST API's),
 * optionally one section of it, under a header naming the page, cut to a size an assistant can take in, with the
 * tool's own advice where a section is not found or the page is cut. Text that looks like HTML is escaped in the
 * header and the page alike ({@link MarkdownEscaping}).
 */
final class FetchDocumentMarkdown {

    private static final int MAX_LISTED_SECTIONS = 40;

    private FetchDocumentMarkdown() {
    }

    /**
     * @param section heading text (any case) or anchor (with or without {@code #}) of the one section wanted; null or
     *                blank for the whole page
     * @throws ToolCallException naming the page's sections when none matches {@code section}
     */
    static String render(Document document, String sourceName, String section, int maxChars) {
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
                url = stripFragment(url) + "#" + s.heading().anchor();
            }
        }
        String text = outline.text(from, to);

        StringBuilder header = new StringBuilder();
        header.append("Title: ").append(document.title).append('\n');
        header.append("URL: ").append(url).append('\n');
        if (sectionTitle != null) {
            header.append("Section: ").append(sectionTitle).append('\n');
        }
        header.append("Source: ").append(sourceName == null ? document.sourceId : sourceName)
                .append(" · Document id: ").append(document.id);
        if (document.changedAt != null) {
            header.append(" · Last changed: ").append(document.changedAt);
        }
        // page text that looks like HTML stays text, in the header as in the page (cut first, escaped last)
        StringBuilder out = new StringBuilder(MarkdownEscaping.escape(header.toString())).append("\n\n---\n\n");
        if (text.length() <= maxChars) {
            return out.append(DocumentMarkdown.escaped(document, text)).append('\n').toString();
        }
        String kept = cut(text, maxChars);
        out.append(DocumentMarkdown.escaped(document, kept)).append("\n\n[Truncated: this shows the first ")
                .append(kept.length()).append(" of ")
                .append(text.length()).append(" characters");
        String sections = sectionList(outline, sectionTitle == null ? from : from + 1, to);
        if (!sections.isEmpty()) {
            out.append(". To read the rest, call fetch_document again with section set to one of these headings: ")
                    .append(sections);
        }
        return out.append(".]\n").toString();
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

    static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }
}
