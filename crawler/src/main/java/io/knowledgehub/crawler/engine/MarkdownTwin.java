package io.knowledgehub.crawler.engine;

/**
 * The Markdown twin that a page's stored text was read from ({@code <link rel="alternate" type="text/markdown">}):
 * an incremental crawl asks it again when the HTML page answers 304, since the page's text is the twin's.
 *
 * @param url          the normalised twin URL the HTML page declares
 * @param etag         the twin's ETag from its last answer, or null
 * @param lastModified the twin's Last-Modified from its last answer, or null
 */
public record MarkdownTwin(String url, String etag, String lastModified) {

    public MarkdownTwin {
        if (url == null) {
            throw new IllegalArgumentException("a Markdown twin needs its URL");
        }
    }

    /** Whether a conditional GET can be sent for the twin. */
    boolean hasValidators() {
        return etag != null || lastModified != null;
    }
}
