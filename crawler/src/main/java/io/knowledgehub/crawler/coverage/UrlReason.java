package io.knowledgehub.crawler.coverage;

import io.knowledgehub.core.document.Document;

/**
 * Why a URL of a crawl was skipped, failed, deleted or not crawled at all: a stable snake_case {@link #code()} for
 * scripts and a {@link #label()} for people. The codes are part of the API (the coverage report); add new ones
 * rather than renaming.
 */
public enum UrlReason {
    ROBOTS("robots", "disallowed by robots.txt"),
    OUT_OF_SCOPE("out_of_scope", "outside the source's scope (another site, or outside the base URL's path or follow_patterns)"),
    EXCLUDED_BY_PATTERN("excluded_by_pattern", "matches one of the source's exclude_patterns"),
    REDIRECTED_OUT_OF_SCOPE("redirected_out_of_scope", "redirects outside the source's scope (or to a URL robots.txt disallows)"),
    REDIRECTED("redirected", "redirects to another URL of the crawl, which is fetched and stored on its own"),
    TOO_MANY_REDIRECTS("too_many_redirects", "more redirects in a row than the crawler follows"),
    REDIRECT_LOOP("redirect_loop", "its redirects lead back to a URL they passed before"),
    BROKEN_REDIRECT("broken_redirect", "answers a redirect without a Location header, or with an empty one"),
    UNSUPPORTED_CONTENT_TYPE("unsupported_content_type", "not a kind of document that is indexed (HTML, Markdown, plain text; PDF when enabled)"),
    TOO_LARGE("too_large", "larger than the crawler's size limit"),
    UNREADABLE("unreadable", "a document that cannot be read (encrypted or broken)"),
    NO_TEXT("no_text", "a PDF, Markdown or text file without text to index (a scanned PDF: there is no OCR)"),
    DENIED_ADDRESS("denied_address", "its host resolves to an address the crawler refuses (KH_CRAWLER_ALLOWED_NETWORKS)"),
    URL_TOO_LONG("url_too_long", "the URL is longer than " + Document.MAX_URL_LENGTH + " characters"),
    DUPLICATE_OF("duplicate_of", "the same page as another URL (tracking parameters or a session id dropped, the same final URL, or the same content)"),
    CANONICAL_TO("canonical_to", "its canonical link names another page of the crawl, which names no other canonical URL"),
    HTTP_STATUS("http_status", "answered with an HTTP error"),
    TIMEOUT("timeout", "timed out"),
    CONNECTION_FAILED("connection_failed", "could not connect (refused, host name not found, TLS failed)"),
    EXTRACTION_FAILED("extraction_failed", "fetched, but its text could not be extracted or rendered"),
    TOO_MANY_LINKS("too_many_links", "beyond the first kh.crawler.max-links-per-page links of a page"),
    MAX_DEPTH("max_depth", "deeper than the source's max_depth"),
    MAX_PAGES("max_pages", "not fetched: the crawl reached max_pages"),
    MAX_DURATION("max_duration", "not fetched: the crawl reached the source's max_duration"),
    MAX_TOTAL_BYTES("max_total_bytes", "not fetched: the crawl downloaded as many bytes as it may (max_total_bytes, kh.crawler.max-crawl-bytes)"),
    FRONTIER_FULL("frontier_full", "not followed: the crawl already kept track of kh.crawler.max-frontier URLs"),
    NO_LONGER_LINKED("no_longer_linked", "stored before, no longer linked from the site"),
    MOVED("moved", "stored before, now redirects to another URL"),
    CANCELLED("cancelled", "not fetched: the crawl was cancelled before or while fetching it"),
    INTERNAL_ERROR("internal_error", "an error of the crawler (the server log has the details)");

    private final String code;
    private final String label;

    UrlReason(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The label of one occurrence: for an HTTP error, with its status ("answered HTTP 404"). */
    public String label(int status) {
        return this == HTTP_STATUS && status > 0 ? "answered HTTP " + status : label;
    }
}
