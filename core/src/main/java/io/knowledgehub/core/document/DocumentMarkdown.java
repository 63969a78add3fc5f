package io.knowledgehub.core.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stored document as Markdown, for readers: its title as {@code # Title}, then its Markdown form (an HTML page's
 * lists, tables, links, inline code and code languages, when the page was crawled since that form was kept; else
 * its structured text, which is Markdown already: {@code #} headings, blank-line separated blocks, fenced code).
 * Optionally only one section: a heading, chosen by its anchor or its text, and everything under it up to the next
 * heading of the same or a higher level. Pure functions.
 */
public final class DocumentMarkdown {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEADING_LINE = Pattern.compile("(#{1,6})[ \\t]+(\\S.*?)[ \\t]*");

    private DocumentMarkdown() {
    }

    /** The whole document. */
    public static String render(Document d) {
        String body = body(d);
        String title = d.title == null ? "" : d.title.strip();
        // a page whose text opens with its title as a level-1 heading already has its "# Title"
        if (title.isEmpty() || body.startsWith("# " + title + "\n") || body.equals("# " + title)) {
            return body.isEmpty() ? "" : body + "\n";
        }
        return "# " + title + "\n\n" + (body.isEmpty() ? "" : body + "\n");
    }

    /**
     * One section of the document, or the whole of it when {@code section} is null or blank.
     *
     * @param section a heading's anchor ({@code installation}) or its text ({@code Installation}, any case)
     * @throws InvalidInputException when no heading of the document has that anchor or text (the message lists some)
     */
    public static String render(Document d, String section) {
        if (section == null || section.isBlank()) {
            return render(d);
        }
        String wanted = section.strip().replaceFirst("^#", "");
        List<String[]> headings = headings(d);
        String[] match = null;
        for (String[] h : headings) {
            if (wanted.equals(h[2])) {
                match = h;
                break;
            }
        }
        for (int i = 0; match == null && i < headings.size(); i++) {
            if (headings.get(i)[1].equalsIgnoreCase(wanted)) {
                match = headings.get(i);
            }
        }
        if (match == null) {
            throw new InvalidInputException("section", "The document has no section \"" + section + "\"; its sections are "
                    + headings.stream().limit(20).map(h -> h[2] != null ? h[2] : h[1]).toList() + ".");
        }
        String out = section(body(d), Integer.parseInt(match[0]), match[1]);
        return out.isEmpty() ? "" : out + "\n";
    }

    /** The document's Markdown form where the crawl kept one, else its structured text; stripped, never null. */
    public static String body(Document d) {
        String text = d.markdown != null && !d.markdown.isBlank() ? d.markdown : d.content;
        return text == null ? "" : text.strip();
    }

    /** {level, text, anchor-or-null} of each stored heading. */
    private static List<String[]> headings(Document d) {
        List<String[]> out = new ArrayList<>();
        try {
            JsonNode array = JSON.readTree(d.headings == null ? "[]" : d.headings);
            for (JsonNode h : array) {
                JsonNode anchor = h.get("anchor");
                out.add(new String[]{h.path("level").asText("1"), h.path("text").asText(""),
                        anchor == null || anchor.isNull() ? null : anchor.asText()});
            }
        } catch (java.io.IOException e) {
            // unreadable headings: no section can be chosen by anchor, the text still is there
        }
        return out;
    }

    /** The lines from the heading line to the next heading of the same or a higher level, fences respected. */
    static String section(String markdown, int level, String text) {
        String[] lines = markdown.split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean inFence = false;
        boolean inSection = false;
        String fence = null;
        for (String line : lines) {
            String stripped = line.strip();
            if (!inFence && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                inFence = true;
                fence = stripped.substring(0, 3);
            } else if (inFence && stripped.startsWith(fence) && stripped.replace(fence.substring(0, 1), "").isEmpty()) {
                inFence = false;
            } else if (!inFence) {
                Matcher m = HEADING_LINE.matcher(stripped);
                if (m.matches()) {
                    int l = m.group(1).length();
                    if (inSection && l <= level) {
                        break;
                    }
                    if (!inSection && l == level && m.group(2).strip().toLowerCase(Locale.ROOT)
                            .equals(text.strip().toLowerCase(Locale.ROOT))) {
                        inSection = true;
                    }
                }
            }
            if (inSection) {
                out.append(line).append('\n');
            }
        }
        return out.toString().strip();
    }
}
