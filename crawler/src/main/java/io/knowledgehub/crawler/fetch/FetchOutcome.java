package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.FetchResponse;
import io.knowledgehub.core.crawl.address.DeniedAddressException;
import io.knowledgehub.crawler.coverage.UrlReason;

/**
 * The end of {@link FetchPolicy#fetch}: redirects followed, retries spent. {@link #url()} is the last URL
 * requested, i.e. the redirect target when there were redirects.
 */
public sealed interface FetchOutcome {

    String url();

    /** A 2xx answer with an accepted content type and a complete body. */
    record Fetched(String url, FetchResponse response) implements FetchOutcome {
    }

    /** 304 to a conditional GET. */
    record NotModified(String url, FetchResponse response) implements FetchOutcome {
    }

    /**
     * Nothing usable: an HTTP error (status) or, with status 0, a transport failure after the retries.
     *
     * @param code   the kind of failure, for the coverage report
     * @param reason a short sentence such as "HTTP 404"
     */
    record Failed(String url, int status, UrlReason code, String reason) implements FetchOutcome {

        /** An HTTP error: its reason is "HTTP " and the status. */
        public static Failed http(String url, int status) {
            return new Failed(url, status, UrlReason.HTTP_STATUS, "HTTP " + status);
        }
    }

    /** A redirect to {@code target}, which another fetch of the same crawl takes care of. */
    record Redirected(String url, String target) implements FetchOutcome {
    }

    /**
     * Not fetched because the host resolves to an address the crawler refuses: {@code refusedUrl} is {@link #url()}
     * itself, or the target of a redirect that {@link #url()} answered.
     */
    record Denied(String url, String refusedUrl, DeniedAddressException cause) implements FetchOutcome {

        /** E.g. "refused: 127.0.0.2 is a loopback address (kh.crawler.allowed-networks)". */
        public String reason() {
            return (url.equals(refusedUrl) ? "" : "redirect to " + refusedUrl + " ") + "refused: " + cause.host()
                    + " resolves to " + cause.address().getHostAddress() + ", " + cause.addressClass().description()
                    + " (KH_CRAWLER_ALLOWED_NETWORKS opens it)";
        }
    }

    /** Deliberately not taken: redirected out of scope, not HTML, too large. */
    record Skipped(String url, UrlReason code, String reason) implements FetchOutcome {
    }
}
