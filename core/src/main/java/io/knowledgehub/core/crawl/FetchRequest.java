package io.knowledgehub.core.crawl;

import java.net.URI;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * @param url           absolute http(s) URL
 * @param etag          stored ETag sent as If-None-Match, or null
 * @param lastModified  stored Last-Modified sent as If-Modified-Since, or null
 * @param maxBytes      body bytes read at most, whatever the type
 * @param acceptBody    decides from the Content-Type (may be null or empty) whether the body is read at all
 * @param maxBytesFor   body bytes read at most for a Content-Type (may be null or empty), at most {@code maxBytes}:
 *                      an HTML page is not read as far as a PDF may be
 */
public record FetchRequest(URI url, String etag, String lastModified, long maxBytes, Predicate<String> acceptBody,
                           ToLongFunction<String> maxBytesFor) {

    public FetchRequest(URI url, String etag, String lastModified, long maxBytes, Predicate<String> acceptBody) {
        this(url, etag, lastModified, maxBytes, acceptBody, type -> maxBytes);
    }

    public static FetchRequest plain(URI url, long maxBytes) {
        return new FetchRequest(url, null, null, maxBytes, type -> true);
    }

    /** The bytes read at most of a body of this Content-Type. */
    public long limitFor(String contentType) {
        return Math.min(maxBytes, maxBytesFor.applyAsLong(contentType));
    }
}
