package io.knowledgehub.api.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.document.Document;
import io.quarkiverse.mcp.server.ToolCallException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stored page as Markdown for {@code fetch_document}, optionally one section of it, cut to a size an assistant can
 * take in. The page's Markdown form (lists, tables, links, code languages) is used where the crawl kept one, else
 * its structured text, which is Markdown-shaped too ({@code #} heading lines, blank-line separated blocks, fenced
 * code), so rendering is selecting and bounding.
 */
final class DocumentMarkdown {

    /** One entry of {@link Document#headings}: the headings of the text, in order. */
    record PageHeading(int level, String text, String anchor) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern HEADING_LINE = Pattern.compile("^(#{1,6}) +(.+?)\\s*$");
    private static final int MAX_LISTED_SECTIONS = 40;

    private DocumentMarkdown() {
    }

    /**
     * @param section heading text (any case) or anchor (with or without {@code #}) of the one section wanted; null or
     *                blank for the whole page
     * @throws ToolCallException naming the page's sections when none matches {@code section}
     */
    static String render(Document document, String sourceName, String section, int maxChars) {
        List<Line> lines = lines(io.knowledgehub.core.document.DocumentMarkdown.body(document), headings(document.headings));
        int from = 0;
        int to = lines.size();
        String url = document.url;
        String sectionTitle = null;
        if (section != null && !section.isBlank()) {
            int start = findSection(lines, section);
            if (start < 0) {
                throw new ToolCallException("This page has no section '" + section.strip() + "'; its sections are: "
                        + sectionList(lines, 0, lines.size()) + ". Pass one of these headings (or its anchor) as section, "
                        + "or leave section out for the whole page.");
            }
            Line heading = lines.get(start);
            from = start;
            to = start + 1;
            while (to < lines.size() && (lines.get(to).level == 0 || lines.get(to).level > heading.level)) {
                to++;
            }
            sectionTitle = heading.headingText;
            if (heading.anchor != null) {
                url = stripFragment(url) + "#" + heading.anchor;
            }
        }
        StringBuilder body = new StringBuilder();
        for (int i = from; i < to; i++) {
            body.append(lines.get(i).text).append('\n');
        }
        String text = body.toString().strip();

        StringBuilder out = new StringBuilder();
        out.append("Title: ").append(document.title).append('\n');
        out.append("URL: ").append(url).append('\n');
        if (sectionTitle != null) {
            out.append("Section: ").append(sectionTitle).append('\n');
        }
        out.append("Source: ").append(sourceName == null ? document.sourceId : sourceName)
                .append(" · Document id: ").append(document.id);
        if (document.changedAt != null) {
            out.append(" · Last changed: ").append(document.changedAt);
        }
        out.append("\n\n---\n\n");
        if (text.length() <= maxChars) {
            return out.append(text).append('\n').toString();
        }
        String kept = cut(text, maxChars);
        out.append(kept).append("\n\n[Truncated: this shows the first ").append(kept.length()).append(" of ")
                .append(text.length()).append(" characters");
        String sections = sectionList(lines, sectionTitle == null ? from : from + 1, to);
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

    private static int findSection(List<Line> lines, String wanted) {
        String w = normalise(wanted.strip().startsWith("#") && !wanted.strip().startsWith("# ")
                ? wanted.strip().substring(1) : wanted);
        String asHeading = normalise(wanted.replaceFirst("^\\s*#+\\s+", ""));
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.level > 0 && l.anchor != null && normalise(l.anchor).equals(w)) {
                return i;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.level > 0 && normalise(l.headingText).equals(asHeading)) {
                return i;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.level > 0 && !asHeading.isEmpty() && normalise(l.headingText).contains(asHeading)) {
                return i;
            }
        }
        return -1;
    }

    private static String sectionList(List<Line> lines, int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (lines.get(i).level > 0) {
                names.add("\"" + lines.get(i).headingText + "\"");
            }
        }
        if (names.size() > MAX_LISTED_SECTIONS) {
            int more = names.size() - MAX_LISTED_SECTIONS;
            return names.stream().limit(MAX_LISTED_SECTIONS).collect(Collectors.joining(", ")) + " and " + more + " more";
        }
        return String.join(", ", names);
    }

    /** A line of the text; headings (outside code fences) carry their level, text and anchor. */
    private record Line(String text, int level, String headingText, String anchor) {
    }

    private static List<Line> lines(String content, List<PageHeading> headings) {
        List<Line> out = new ArrayList<>();
        boolean inFence = false;
        int next = 0;
        for (String line : (content == null ? "" : content).split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                inFence = !inFence;
                out.add(new Line(line, 0, null, null));
                continue;
            }
            Matcher m = inFence ? null : HEADING_LINE.matcher(line);
            if (m == null || !m.matches()) {
                out.add(new Line(line, 0, null, null));
                continue;
            }
            String text = m.group(2);
            String anchor = null;
            for (int i = next; i < headings.size(); i++) {
                if (normalise(headings.get(i).text()).equals(normalise(text))) {
                    anchor = headings.get(i).anchor();
                    next = i + 1;
                    break;
                }
            }
            out.add(new Line(line, m.group(1).length(), text, anchor));
        }
        return out;
    }

    private static List<PageHeading> headings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<PageHeading>>() { });
        } catch (java.io.IOException e) {
            return List.of(); // the text still has its '#' lines; only the anchors are lost
        }
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }
}
