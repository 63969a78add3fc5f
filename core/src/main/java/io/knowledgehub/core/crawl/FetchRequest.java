package io.knowledgehub.core.crawl;

import java.net.URI;
import java.util.function.Predicate;

/**
 * @param url           absolute http(s) URL
 * @param etag          stored ETag sent as If-None-Match, or null
 * @param lastModified  stored Last-Modified sent as If-Modified-Since, or null
 * @param maxBytes      body bytes read at most
 * @param acceptBody    decides from the Content-Type (may be null or empty) whether the body is read at all
 */
public record FetchRequest(URI url, String etag, String lastModified, long maxBytes, Predicate<String> acceptBody) {

    public static FetchRequest plain(URI url, long maxBytes) {
        return new FetchRequest(url, null, null, maxBytes, type -> true);
    }
}
