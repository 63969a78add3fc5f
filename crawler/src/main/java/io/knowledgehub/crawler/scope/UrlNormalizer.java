package io.knowledgehub.crawler.scope;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The one spelling of a URL used as a crawl key: crawler-commons' {@link BasicURLNormalizer} (lower-case scheme and
 * host, default port dropped, dot segments resolved, escapes normalised, query parameters sorted, fragment
 * removed), and tracking parameters dropped ({@code utm_*}, {@code fbclid}, {@code gclid} and their kind: they name
 * the campaign a visitor came from, never a different page). Two links that name the same page normalise to the same
 * string, so no page is fetched or stored twice.
 */
public final class UrlNormalizer {

    // stateless after construction, so one instance serves every thread
    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    /** Query parameters that only track where a visitor came from; any {@code utm_*} parameter is one too. */
    static final Set<String> TRACKING_PARAMETERS = Set.of("fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid",
            "msclkid", "yclid", "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
            "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid");

    private UrlNormalizer() {
    }

    /** @return the normalised absolute http(s) URL, or null for other schemes and unparsable input */
    public static String normalize(String absoluteUrl) {
        return normalize(absoluteUrl, true);
    }

    private static String normalize(String absoluteUrl, boolean dropTracking) {
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
            String url = hash < 0 ? normalized : normalized.substring(0, hash);
            return dropTracking ? withoutTracking(url) : url;
        } catch (RuntimeException e) {
            // the normaliser throws on some malformed input; such a link is simply not followed
            return null;
        }
    }

    /** The URL without its tracking parameters (and without a {@code ?} left empty by removing them). */
    static String withoutTracking(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String parameter : url.substring(q + 1).split("&")) {
            int eq = parameter.indexOf('=');
            String name = (eq < 0 ? parameter : parameter.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (parameter.isEmpty() || name.startsWith("utm_") || TRACKING_PARAMETERS.contains(name)) {
                continue;
            }
            kept.append(kept.isEmpty() ? "" : "&").append(parameter);
        }
        return kept.isEmpty() ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    /** Resolves {@code href} against {@code base} and normalises it; null when it is not an http(s) URL. */
    public static String resolve(URI base, String href) {
        return resolve(base, href, true);
    }

    /**
     * The link as the page wrote it when it carries tracking parameters: resolved and normalised like
     * {@link #resolve}, but with them kept (for reports). Null when it carries none, or is not an http(s) URL.
     *
     * @param base the page's URL, or null when the page has none that parses
     */
    public static String trackedForm(URI base, String href) {
        String written = base == null ? normalize(href, false) : resolve(base, href, false);
        return written != null && hasTrackingParameter(written) ? written : null;
    }

    private static boolean hasTrackingParameter(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String parameter : url.substring(q + 1).split("&")) {
            int eq = parameter.indexOf('=');
            String name = (eq < 0 ? parameter : parameter.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING_PARAMETERS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String resolve(URI base, String href, boolean dropTracking) {
        String h = href.trim();
        if (h.isEmpty()) {
            return null;
        }
        try {
            if (h.charAt(0) == '?') {
                // java.net.URI follows RFC 2396 here and drops the last path segment; RFC 3986 keeps it
                String b = base.toString();
                int cut = indexOfAny(b, '?', '#');
                return normalize((cut < 0 ? b : b.substring(0, cut)) + h, dropTracking);
            }
            return normalize(base.resolve(escapeLoosely(h)).toString(), dropTracking);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent-encodes the characters pages use in links although java.net.URI rejects them (space, |, ^ ...). */
    static String escapeLoosely(String href) {
        StringBuilder out = null;
        for (int i = 0; i < href.length(); i++) {
            char c = href.charAt(i);
            if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{'
                    || c == '|' || c == '}' || c < 0x20) {
                if (out == null) {
                    out = new StringBuilder(href.length() + 8).append(href, 0, i);
                }
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? href : out.toString();
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
