package io.knowledgehub.crawler.scope;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.net.URI;
import java.util.Locale;

/**
 * The one spelling of a URL used as a crawl key: crawler-commons' {@link BasicURLNormalizer} (lower-case scheme and
 * host, default port dropped, dot segments resolved, escapes normalised, query parameters sorted, fragment
 * removed). Two links that name the same page normalise to the same string, so no page is fetched twice.
 */
public final class UrlNormalizer {

    // stateless after construction, so one instance serves every thread
    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    private UrlNormalizer() {
    }

    /** @return the normalised absolute http(s) URL, or null for other schemes and unparsable input */
    public static String normalize(String absoluteUrl) {
        if (absoluteUrl == null || absoluteUrl.isEmpty()) {
            return null;
        }
        String lower = absoluteUrl.length() > 8 ? absoluteUrl.substring(0, 8).toLowerCase(Locale.ROOT) : absoluteUrl.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        try {
            String normalized = NORMALIZER.filter(absoluteUrl.trim());
            if (normalized == null) {
                return null;
            }
            int hash = normalized.indexOf('#');
            return hash < 0 ? normalized : normalized.substring(0, hash);
        } catch (RuntimeException e) {
            // the normaliser throws on some malformed input; such a link is simply not followed
            return null;
        }
    }

    /** Resolves {@code href} against {@code base} and normalises it; null when it is not an http(s) URL. */
    public static String resolve(URI base, String href) {
        String h = href.trim();
        try {
            return normalize(base.resolve(h).toString());
        } catch (IllegalArgumentException e) {
            try {
                // servers and pages do send raw spaces and the like; java.net.URI rejects them
                return normalize(base.resolve(h.replace(" ", "%20").replace("|", "%7C")).toString());
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }
}
