package io.knowledgehub.indexer.chunk;

import io.knowledgehub.core.document.Heading;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the crawler's structured text into sections: {@code #} heading lines, blocks separated by blank lines,
 * code fenced with {@code ```} lines (blank lines inside a fence belong to the code).
 *
 * <p>A {@code #} line is a heading only when it matches the next entry of the heading list (level and text), so a
 * paragraph that happens to start with {@code #} stays a paragraph and the anchors line up. Entries the text
 * lacks are skipped. Without a heading list every well-formed {@code #} line counts, with no anchor.
 */
final class StructuredTextParser {

    private static final Pattern HEADING_LINE = Pattern.compile("(#{1,6})[ \\t]+(\\S.*?)[ \\t]*");

    private final List<Heading> headings;
    private final List<Section> sections = new ArrayList<>();
    private final List<Heading> path = new ArrayList<>();
    private List<Block> blocks = new ArrayList<>();
    private int nextHeading;

    private StructuredTextParser(List<Heading> headings) {
        this.headings = headings;
    }

    /** Sections in document order, the text before the first heading first (its path is empty). */
    static List<Section> parse(String text, List<Heading> headings) {
        StructuredTextParser parser = new StructuredTextParser(headings == null ? List.of() : headings);
        parser.read(text.replace("\r\n", "\n").replace('\r', '\n'));
        return parser.sections;
    }

    private void read(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder paragraph = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```")) {
                paragraph(paragraph);
                StringBuilder code = new StringBuilder(line);
                while (++i < lines.length) {
                    code.append('\n').append(lines[i]);
                    if (lines[i].strip().equals("```")) {
                        break;
                    }
                }
                blocks.add(new Block(code.toString(), true));
            } else if (line.isBlank()) {
                paragraph(paragraph);
            } else {
                if (!paragraph.isEmpty()) {
                    paragraph.append('\n');
                }
                paragraph.append(line.strip());
            }
        }
        paragraph(paragraph);
        closeSection();
    }

    private void paragraph(StringBuilder paragraph) {
        if (paragraph.isEmpty()) {
            return;
        }
        String text = paragraph.toString();
        paragraph.setLength(0);
        Heading heading = text.indexOf('\n') < 0 ? heading(text) : null;
        if (heading == null) {
            blocks.add(new Block(text, false));
            return;
        }
        closeSection();
        while (!path.isEmpty() && path.get(path.size() - 1).level() >= heading.level()) {
            path.remove(path.size() - 1);
        }
        path.add(heading);
    }

    /** The heading this line stands for, or null when it is a paragraph. */
    private Heading heading(String line) {
        Matcher m = HEADING_LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        int level = m.group(1).length();
        String text = m.group(2);
        if (headings.isEmpty()) {
            return new Heading(level, text, null);
        }
        for (int j = nextHeading; j < headings.size(); j++) {
            Heading candidate = headings.get(j);
            if (candidate.level() == level && candidate.text().strip().equals(text)) {
                nextHeading = j + 1;
                return candidate;
            }
        }
        return null;
    }

    private void closeSection() {
        if (!blocks.isEmpty() || !path.isEmpty()) {
            sections.add(new Section(List.copyOf(path), anchor(), blocks));
        }
        blocks = new ArrayList<>();
    }

    private String anchor() {
        for (int i = path.size() - 1; i >= 0; i--) {
            String anchor = path.get(i).anchor();
            if (anchor != null && !anchor.isBlank()) {
                return anchor;
            }
        }
        return null;
    }
}
