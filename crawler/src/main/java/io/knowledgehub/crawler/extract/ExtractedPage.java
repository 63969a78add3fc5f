package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.document.Heading;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The main content of a page (HTML, Markdown, plain text ...) after extraction and cleaning.
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
 * @param kind         what the page is; its {@link ContentKind#mimeType()} is stored as the document's content type
 * @param markdown     the page as Markdown where that says more than {@code text} (an HTML page's lists, tables,
 *                     links and code languages), else null: {@code text} is then the Markdown form as well. Not
 *                     indexed and not part of the hash.
 * @param markdownTwin the normalised URL of the page's Markdown form that an HTML page declares with
 *                     {@code <link rel="alternate" type="text/markdown">}, or null
 * @param trackedLinks links of an HTML page written with tracking parameters ({@code utm_*}, {@code fbclid} …) or
 *                     session ids ({@code ;jsessionid=…}), as
 *                     written (resolved, parameters kept); each is also in {@code links} without them. For the
 *                     coverage report only
 */
public record ExtractedPage(String title, String text, List<Heading> headings, String contentHash,
                            String canonicalUrl, List<String> links, ContentKind kind, String markdown,
                            String markdownTwin, List<String> trackedLinks, int pagesLeftOut) {

    public ExtractedPage {
        headings = List.copyOf(headings);
        links = List.copyOf(links);
        kind = kind == null ? ContentKind.HTML : kind;
        trackedLinks = trackedLinks == null ? List.of() : List.copyOf(trackedLinks);
    }

    /** A page read whole (anything but a PDF longer than the pages the crawler reads). */
    public ExtractedPage(String title, String text, List<Heading> headings, String contentHash, String canonicalUrl,
                         List<String> links, ContentKind kind, String markdown, String markdownTwin,
                         List<String> trackedLinks) {
        this(title, text, headings, contentHash, canonicalUrl, links, kind, markdown, markdownTwin, trackedLinks, 0);
    }

    /** A page without links written with tracking parameters. */
    public ExtractedPage(String title, String text, List<Heading> headings, String contentHash, String canonicalUrl,
                         List<String> links, ContentKind kind, String markdown, String markdownTwin) {
        this(title, text, headings, contentHash, canonicalUrl, links, kind, markdown, markdownTwin, List.of());
    }

    /** An HTML page with no separate Markdown form. */
    public ExtractedPage(String title, String text, List<Heading> headings, String contentHash, String canonicalUrl,
                         List<String> links) {
        this(title, text, headings, contentHash, canonicalUrl, links, ContentKind.HTML, null, null);
    }

    /** A page that declares no Markdown twin. */
    public ExtractedPage(String title, String text, List<Heading> headings, String contentHash, String canonicalUrl,
                         List<String> links, ContentKind kind, String markdown) {
        this(title, text, headings, contentHash, canonicalUrl, links, kind, markdown, null);
    }

    /** This page's content taken from its Markdown twin: stored under this page's URL, following the links of both. */
    public ExtractedPage fromTwin(ExtractedPage twin, String storeUrl) {
        LinkedHashSet<String> all = new LinkedHashSet<>(links);
        all.addAll(twin.links());
        return new ExtractedPage(twin.title().isBlank() ? title : twin.title(), twin.text(), twin.headings(),
                twin.contentHash(), storeUrl, List.copyOf(all), twin.kind(), twin.markdown(), null, trackedLinks);
    }
}
