package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.extract.ExtractedPage;

/**
 * What a worker hands back to the coordinator for one URL taken from the frontier. {@code url} and {@code depth}
 * are those of the frontier entry; {@code finalUrl} is where redirects ended.
 */
sealed interface TaskResult {

    String url();

    int depth();

    /**
     * A 2xx page, extracted.
     *
     * @param clientRenderedShell the HTML page looks like an empty shell that scripts fill in (not rendered)
     * @param twin                the Markdown twin the page's text was read from, or null
     */
    record Page(String url, int depth, String finalUrl, ExtractedPage page, String etag, String lastModified,
                boolean clientRenderedShell, MarkdownTwin twin) implements TaskResult {

        Page(String url, int depth, String finalUrl, ExtractedPage page, String etag, String lastModified,
             boolean clientRenderedShell) {
            this(url, depth, finalUrl, page, etag, lastModified, clientRenderedShell, null);
        }
    }

    /**
     * 304 to a conditional GET; for a page whose stored text was read from a Markdown twin, the twin was asked too
     * and has not changed.
     *
     * @param twin the stored page's Markdown twin with its current validators, or null when its text is its own
     */
    record NotModified(String url, int depth, String finalUrl, String etag, String lastModified, MarkdownTwin twin)
            implements TaskResult {
    }

    /** A redirect to a URL that another task of the crawl fetches. */
    record Redirected(String url, int depth, String target) implements TaskResult {
    }

    /** @param status the HTTP status, 0 for transport or extraction failures */
    record Failed(String url, int depth, String finalUrl, int status, UrlReason code, String reason) implements TaskResult {
    }

    record Skipped(String url, int depth, UrlReason code, String reason) implements TaskResult {
    }

    /**
     * Not fetched: {@code refusedUrl} (the URL itself, or where it redirects) resolves to an address the crawler
     * refuses.
     */
    record Denied(String url, int depth, String refusedUrl, String reason) implements TaskResult {

        /** Whether the URL itself was fetched and only its redirect was refused. */
        boolean redirected() {
            return !url.equals(refusedUrl);
        }
    }
}
