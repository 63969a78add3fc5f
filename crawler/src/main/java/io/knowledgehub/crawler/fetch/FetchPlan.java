package io.knowledgehub.crawler.fetch;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one kind of fetch may accept: pages of a crawl, or robots.txt and sitemaps.
 *
 * @param acceptType     decides from the Content-Type whether a 2xx body is wanted at all
 * @param followRedirect whether a redirect target (normalised URL) may be requested
 * @param validators     the stored validators of a URL for a conditional GET, or null for a plain GET
 * @param maxBytes       larger bodies are skipped as "too large"
 */
public record FetchPlan(Predicate<String> acceptType, Predicate<String> followRedirect,
                        Function<String, Validators> validators, long maxBytes) {

    /** ETag and Last-Modified stored for a page by an earlier crawl; either may be null. */
    public record Validators(String etag, String lastModified) {
    }
}
