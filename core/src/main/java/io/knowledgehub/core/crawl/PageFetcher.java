package io.knowledgehub.core.crawl;

import java.io.IOException;

/**
 * Port: one HTTP GET of one URL, no redirect following, no retries (the crawl engine owns those policies).
 *
 * <p>Contract: never returns null; a response of any status code is returned, not thrown. Throws
 * {@link IOException} for transport failures (connect refused, timeout, reset) and
 * {@link InterruptedException} when the calling thread is interrupted (a cancelled crawl). The body is read
 * only for statuses 200-299 and only when {@link FetchRequest#acceptBody} accepts the content type; it is
 * cut at {@link FetchRequest#maxBytes} and {@link FetchResponse#truncated()} says so. Implementations are
 * thread-safe.
 *
 * <p>Implementations connect only to addresses their
 * {@link io.knowledgehub.core.crawl.address.AddressGuard} returned for the URL's host, and throw
 * {@link io.knowledgehub.core.crawl.address.DeniedAddressException} (an IOException that is never worth a retry)
 * without connecting when it refuses the host.
 */
public interface PageFetcher {

    FetchResponse fetch(FetchRequest request) throws IOException, InterruptedException;
}
