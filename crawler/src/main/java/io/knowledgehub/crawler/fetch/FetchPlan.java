package io.knowledgehub.crawler.fetch;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What one kind of fetch may accept: pages of a crawl, or robots.txt and sitemaps.
 *
 * @param acceptType     decides from the Content-Type whether a 2xx body is wanted at all
 * @param followRedirect whether a redirect target (normalised URL) may be requested at all
 * @param claimRedirect  claims a redirect target for this fetch; false when another fetch of the crawl already
 *                       has it, which ends this one with {@link FetchOutcome.Redirected} (no page is fetched twice)
 * @param validators     the stored validators of a URL for a conditional GET, or null for a plain GET
 * @param maxBytes       larger bodies are skipped as "too large"
 * @param maxBytesFor    the limit for a body of a Content-Type (may be null or empty), at most {@code maxBytes}
 */
public record FetchPlan(Predicate<String> acceptType, Predicate<String> followRedirect,
                        Predicate<String> claimRedirect, Function<String, Validators> validators, long maxBytes,
                        ToLongFunction<String> maxBytesFor) {

    public FetchPlan(Predicate<String> acceptType, Predicate<String> followRedirect, Predicate<String> claimRedirect,
                     Function<String, Validators> validators, long maxBytes) {
        this(acceptType, followRedirect, claimRedirect, validators, maxBytes, type -> maxBytes);
    }

    /** The limit for a body of this Content-Type. */
    public long limitFor(String contentType) {
        return Math.min(maxBytes, maxBytesFor.applyAsLong(contentType));
    }

    /** A plan for a one-off resource (robots.txt, a sitemap): any type, no validators, redirects on the same site. */
    public static FetchPlan resource(Predicate<String> followRedirect, long maxBytes) {
        return new FetchPlan(type -> true, followRedirect, url -> true, url -> null, maxBytes);
    }

    /** ETag and Last-Modified stored for a page by an earlier crawl; either may be null. */
    public record Validators(String etag, String lastModified) {
    }
}
