package io.knowledgehub.core.crawl;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * @param url         the URL that was requested
 * @param status      HTTP status code
 * @param headers     response headers, names lower-cased
 * @param body        the body bytes read (empty when not read), never null
 * @param truncated   the body was longer than the request's maxBytes
 */
public record FetchResponse(URI url, int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String contentType() {
        return header("content-type").orElse("");
    }
}
