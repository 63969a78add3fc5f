package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a plain-text document ({@code text/plain}: READMEs, changelogs, RFC-style text) into an
 * {@link ExtractedPage}: paragraphs are the runs of lines between blank lines (their line breaks kept, trailing
 * spaces dropped), there are no headings and no links; the title is the first line when it is short, else the file
 * name. A line that starts with {@code #} or {@code ```}, or is only a rule ({@code =====}, {@code -----},
 * {@code ***}), is written with a backslash before it, so that the chunker does not take a shell comment for a heading
 * nor a stray fence for code, and the text stays Markdown that means what it shows (an underline would make the line
 * above it a heading, the title's twin). Pure and thread-safe.
 */
public final class PlainTextExtractor {

    static final int MAX_TITLE_CHARS = 120;
    /** A line Markdown reads as a heading's underline or a thematic break. */
    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile("[=\\-*_][=\\-*_ ]*");

    private final TextCleaner cleaner;
    private final ContentHasher hasher;

    public PlainTextExtractor(TextCleaner cleaner, ContentHasher hasher) {
        this.cleaner = cleaner;
        this.hasher = hasher;
    }

    public ExtractedPage extract(byte[] body, String contentType, String pageUrl) {
        return extract(MarkdownExtractor.decode(body, contentType), pageUrl);
    }

    public ExtractedPage extract(String source, String pageUrl) {
        String[] lines = source.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ').split("\n", -1);
        List<String> paragraphs = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                close(paragraph, paragraphs);
                continue;
            }
            String lead = line.stripLeading();
            if (lead.startsWith("#") || lead.startsWith("```") || RULE.matcher(lead).matches()) {
                line = line.substring(0, line.length() - lead.length()) + "\\" + lead;
            }
            if (!paragraph.isEmpty()) {
                paragraph.append('\n');
            }
            paragraph.append(line);
        }
        close(paragraph, paragraphs);
        String text = cleaner.clean(String.join("\n\n", paragraphs));
        return new ExtractedPage(title(paragraphs, pageUrl), text, List.of(), hasher.hash(text), null, List.of(),
                ContentKind.TEXT, null);
    }

    private static void close(StringBuilder paragraph, List<String> paragraphs) {
        if (!paragraph.isEmpty()) {
            paragraphs.add(stripCommonIndent(paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private static String stripCommonIndent(String paragraph) {
        return paragraph.stripIndent().strip();
    }

    private static String title(List<String> paragraphs, String pageUrl) {
        if (!paragraphs.isEmpty()) {
            String first = paragraphs.get(0).lines().findFirst().orElse("").strip();
            if (first.startsWith("\\")) {
                first = first.substring(1); // the backslash this extractor wrote before a # line or a rule
            }
            first = first.replaceAll("^[#=*\\-\\s]+|[#=*\\-\\s]+$", "");
            if (!first.isEmpty() && first.length() <= MAX_TITLE_CHARS) {
                return StructuredText.collapse(first);
            }
        }
        return MarkdownExtractor.fileTitle(pageUrl);
    }
}
