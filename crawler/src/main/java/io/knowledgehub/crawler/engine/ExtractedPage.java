package io.knowledgehub.crawler.engine;

import java.util.List;

/**
 * The main content of an HTML page after extraction and cleaning.
 *
 * @param title        the page title ({@code <title>}, else the first h1), never null
 * @param text         the cleaned main text, structured: headings as lines starting with '#' marks
 *                     ({@code ## Section}), paragraphs and list items separated by blank lines, code blocks fenced
 *                     with ``` lines; content_cleaning.remove_patterns already applied
 * @param headings     the headings of the main content in document order
 * @param contentHash  lower-case hex SHA-256 of the normalised text (whitespace collapsed when
 *                     normalize_whitespace, lower-cased when ignore_case)
 * @param canonicalUrl the normalised {@code <link rel=canonical>} URL, or null
 * @param links        normalised absolute http(s) links found in the whole page (not only main content),
 *                     fragments removed, de-duplicated, in document order
 * @param contentType  the MIME type the document is stored with ({@value #HTML}, {@value #PDF})
 */
public record ExtractedPage(String title, String text, List<Heading> headings, String contentHash,
                            String canonicalUrl, List<String> links, String contentType) {

    public static final String HTML = "text/html";
    public static final String PDF = "application/pdf";

    public ExtractedPage {
        headings = List.copyOf(headings);
        links = List.copyOf(links);
    }

    /** An HTML page. */
    public ExtractedPage(String title, String text, List<Heading> headings, String contentHash, String canonicalUrl,
                         List<String> links) {
        this(title, text, headings, contentHash, canonicalUrl, links, HTML);
    }
}
