package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.extract.ExtractedPage;
import java.util.List;

/**
 * What happened to one URL in a crawl. Emitted once per URL, on the crawl's coordinating thread.
 *
 * @param kind          the classification, which decides which result counter it adds to
 * @param url           the normalised URL the page is stored under (after redirects and canonicalisation)
 * @param depth         link hops from the base URL
 * @param page          the extracted page for NEW and UPDATED, else null
 * @param etag          ETag of the response, or null
 * @param lastModified  Last-Modified of the response, or null
 * @param outlinks      in-scope links to remember for the next incremental crawl (NEW, UPDATED, UNCHANGED)
 * @param reason        for FAILED and SKIPPED (and DELETED) a short human sentence, e.g. "HTTP 404", else null
 * @param code          the kind of {@code reason}, for the coverage report; null exactly when {@code reason} is
 * @param status        the HTTP status behind an {@link UrlReason#HTTP_STATUS} reason, else 0
 * @param aliasOf       for a page with the same content as a page stored under another URL of the source (SKIPPED,
 *                      or DELETED when it was stored before): that URL, whose document gets this URL as an alias;
 *                      else null
 * @param twin          for NEW, UPDATED and UNCHANGED: the Markdown twin the page's text was read from, with the
 *                      twin's validators (asked again when the page answers 304); null when the text is the page's own
 */
public record PageOutcome(Kind kind, String url, int depth, ExtractedPage page, String etag, String lastModified,
                          List<String> outlinks, String reason, UrlReason code, int status, String aliasOf,
                          MarkdownTwin twin) {

    public PageOutcome {
        outlinks = outlinks == null ? List.of() : List.copyOf(outlinks);
    }

    /** A stored (or confirmed) page: NEW, UPDATED or UNCHANGED, with no reason. */
    public PageOutcome(Kind kind, String url, int depth, ExtractedPage page, String etag, String lastModified,
                       List<String> outlinks) {
        this(kind, url, depth, page, etag, lastModified, outlinks, null);
    }

    /** A stored (or confirmed) page whose text may have been read from its Markdown twin. */
    public PageOutcome(Kind kind, String url, int depth, ExtractedPage page, String etag, String lastModified,
                       List<String> outlinks, MarkdownTwin twin) {
        this(kind, url, depth, page, etag, lastModified, outlinks, null, null, 0, null, twin);
    }

    /** A URL that was not stored (SKIPPED, FAILED or DELETED), and why. */
    static PageOutcome notStored(Kind kind, String url, int depth, UrlReason code, int status, String reason) {
        return new PageOutcome(kind, url, depth, null, null, null, List.of(), reason, code, status, null, null);
    }

    /** A page with the same content as the page stored under {@code documentUrl}: not stored, recorded as its alias. */
    static PageOutcome alias(Kind kind, String url, int depth, String documentUrl) {
        return new PageOutcome(kind, url, depth, null, null, null, List.of(), "same content as " + documentUrl,
                UrlReason.DUPLICATE_OF, 0, documentUrl, null);
    }

    public enum Kind {
        /** First time this URL is stored. */
        NEW,
        /** Known URL whose content changed (beyond min_change_threshold when set). */
        UPDATED,
        /** Known URL answering 304, an equal hash, or a change below the threshold: nothing to reprocess. */
        UNCHANGED,
        /** Known URL that answered 404/410, or is no longer linked after a complete crawl: remove it. */
        DELETED,
        /** Could not be fetched (transport error after retries, 4xx/5xx other than 404/410 on a new URL, ...). */
        FAILED,
        /** Deliberately not stored: non-HTML content, too large, redirected out of scope, disallowed by robots.txt. */
        SKIPPED
    }
}
