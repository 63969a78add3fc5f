package io.knowledgehub.crawler.scope;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one spelling of a URL used as a crawl key: crawler-commons' {@link BasicURLNormalizer} (lower-case scheme and
 * host, default port dropped, dot segments resolved, escapes normalised, query parameters sorted, fragment
 * removed), then:
 * <ul>
 *   <li>tracking parameters dropped ({@code utm_*}, {@code fbclid}, {@code gclid} and their kind: they name the
 *       campaign a visitor came from, never a different page), and session ids in the query
 *       ({@code jsessionid}, {@code phpsessid} …);</li>
 *   <li>session ids written as path parameters dropped ({@code /a.html;jsessionid=0A1B} → {@code /a.html}): a
 *       server that writes one into every link would otherwise give each visit a new set of URLs;</li>
 *   <li>a folder's index page folded into the folder: {@code /guide/index.html} and {@code /guide/index.htm} are
 *       {@code /guide/}, the form a static server answers for both. Relative links are resolved against the URL a
 *       page was fetched under before they are normalised, and both forms name the same folder, so folding changes
 *       no link's target.</li>
 * </ul>
 * Two links that name the same page normalise to the same string, so no page is fetched or stored twice.
 *
 * <p>The rules on top are written here because the library has none of them: its only other rule,
 * {@code BasicURLNormalizer.newBuilder().queryParamsToRemove(names)}, drops query parameters by exact,
 * case-sensitive name, so it keeps {@code UTM_Campaign=y}, {@code utm_id} (any {@code utm_*} not in the list),
 * {@code PHPSESSID} and {@code ASPSESSIONIDQQ}, and it leaves path parameters ({@code ;jsessionid=…}) and index files
 * alone. The rules cost little: {@link #normalize} takes about 3.0 µs per link against 2.65 µs for the library alone
 * with that name list (a mix of page links, measured on 2 busy cores with {@code UrlNormalizerBenchmark}). Two more
 * pieces stand in for {@link URI#resolve}, not for the normaliser: a query-only reference ({@code ?page=2}) keeps the
 * base's last segment as RFC 3986 says, and characters pages write unescaped in links (space, {@code |} …) are
 * escaped before resolving instead of failing it.
 */
public final class UrlNormalizer {

    // stateless after construction, so one instance serves every thread
    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    /** Query parameters that only track where a visitor came from; any {@code utm_*} parameter is one too. */
    static final Set<String> TRACKING_PARAMETERS = Set.of("fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid",
            "msclkid", "yclid", "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
            "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid");

    /**
     * Names of session ids that servers add to URLs for visitors without cookies, as query parameters or as path
     * parameters ({@code ;jsessionid=…}). They name a visit, never a page.
     */
    static final Set<String> SESSION_PARAMETERS = Set.of("jsessionid", "phpsessid", "sessionid", "session_id",
            "cfid", "cftoken");

    /** The file names a static server answers for a folder URL; {@code /dir/index.html} is folded into {@code /dir/}. */
    private static final List<String> INDEX_FILES = List.of("index.html", "index.htm");

    private UrlNormalizer() {
    }

    /** @return the normalised absolute http(s) URL, or null for other schemes and unparsable input */
    public static String normalize(String absoluteUrl) {
        return normalize(absoluteUrl, true, true);
    }

    /**
     * @param dropTracking drop tracking and session parameters (false: keep them, for reports)
     * @param foldIndex    fold {@code dir/index.html} into {@code dir/} (false: the form to request when a server
     *                     answers the folder only under its index file's name)
     */
    private static String normalize(String absoluteUrl, boolean dropTracking, boolean foldIndex) {
        if (absoluteUrl == null || absoluteUrl.isEmpty()) {
            return null;
        }
        String lower = absoluteUrl.length() > 8 ? absoluteUrl.substring(0, 8).toLowerCase(Locale.ROOT) : absoluteUrl.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        try {
            String url = NORMALIZER.filter(absoluteUrl.trim());
            if (url == null) {
                return null;
            }
            if (dropTracking) {
                url = withoutTracking(withoutSessionPathParameters(url));
            }
            return foldIndex ? foldedIndex(url) : url;
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
            if (parameter.isEmpty() || name.startsWith("utm_") || TRACKING_PARAMETERS.contains(name)
                    || isSessionParameter(name)) {
                continue;
            }
            kept.append(kept.isEmpty() ? "" : "&").append(parameter);
        }
        return kept.isEmpty() ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    /**
     * The URL without session ids written as path parameters ({@code ;jsessionid=…}, in any segment); other path
     * parameters stay.
     */
    static String withoutSessionPathParameters(String url) {
        int pathStart = pathStart(url);
        int semicolon = url.indexOf(';', pathStart);
        if (semicolon < 0) {
            return url;
        }
        int end = indexOfAny(url, '?', '#');
        if (end < 0) {
            end = url.length();
        }
        if (semicolon > end) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length()).append(url, 0, pathStart);
        int i = pathStart;
        while (i < end) {
            int next = url.indexOf(';', i);
            if (next < 0 || next >= end) {
                out.append(url, i, end);
                break;
            }
            out.append(url, i, next);
            // a parameter runs to the next ';' or '/' of the path
            int stop = next + 1;
            while (stop < end && url.charAt(stop) != ';' && url.charAt(stop) != '/') {
                stop++;
            }
            String parameter = url.substring(next + 1, stop);
            int eq = parameter.indexOf('=');
            String name = (eq < 0 ? parameter : parameter.substring(0, eq)).toLowerCase(Locale.ROOT);
            // "sid" only as a path parameter: in a query it may as well name a section
            if (!isSessionParameter(name) && !name.equals("sid")) {
                out.append(';').append(parameter);
            }
            i = stop;
        }
        return out.append(url, end, url.length()).toString();
    }

    /** @param name a parameter name, lower-cased */
    private static boolean isSessionParameter(String name) {
        return SESSION_PARAMETERS.contains(name) || name.startsWith("aspsessionid");
    }

    /** {@code …/dir/index.html} (or {@code index.htm}), with any query, as {@code …/dir/}. */
    static String foldedIndex(String url) {
        int end = url.indexOf('?');
        if (end < 0) {
            end = url.length();
        }
        for (String index : INDEX_FILES) {
            int at = end - index.length();
            if (at > pathStart(url) && url.startsWith(index, at) && url.charAt(at - 1) == '/') {
                return url.substring(0, at) + url.substring(end);
            }
        }
        return url;
    }

    /** Whether a normalised URL names a folder that could also be spelled with its index file. */
    public static boolean isFolder(String normalizedUrl) {
        int end = normalizedUrl.indexOf('?');
        return (end < 0 ? normalizedUrl : normalizedUrl.substring(0, end)).endsWith("/");
    }

    /**
     * A folder URL spelled with its index file ({@code …/dir/?q} → {@code …/dir/index.html?q}): what is asked for
     * when a server does not answer the folder itself. Null when the URL is not a folder.
     */
    public static String indexFileForm(String normalizedUrl) {
        if (!isFolder(normalizedUrl)) {
            return null;
        }
        int end = normalizedUrl.indexOf('?');
        return end < 0 ? normalizedUrl + INDEX_FILES.get(0)
                : normalizedUrl.substring(0, end) + INDEX_FILES.get(0) + normalizedUrl.substring(end);
    }

    /** Where the path of an absolute URL starts (after {@code scheme://authority}). */
    private static int pathStart(String url) {
        int authority = url.indexOf("://");
        int slash = authority < 0 ? -1 : url.indexOf('/', authority + 3);
        return slash < 0 ? url.length() : slash;
    }

    /** Resolves {@code href} against {@code base} and normalises it; null when it is not an http(s) URL. */
    public static String resolve(URI base, String href) {
        return resolve(base, href, true, true);
    }

    /**
     * Like {@link #resolve}, but a folder's index file is kept as written: the URL to request when a redirect leads
     * from a folder to its own index file ({@code /dir/} → {@code /dir/index.html}), which normalises to the URL
     * it came from.
     */
    public static String resolveAsRequested(URI base, String href) {
        return resolve(base, href, true, false);
    }

    /**
     * The link as the page wrote it when it carries tracking parameters or session ids: resolved and normalised like
     * {@link #resolve}, but with them kept (for reports). Null when it carries none, or is not an http(s) URL.
     *
     * @param base the page's URL, or null when the page has none that parses
     */
    public static String trackedForm(URI base, String href) {
        String written = base == null ? normalize(href, false, true) : resolve(base, href, false, true);
        return written != null && (hasTrackingParameter(written) || !withoutSessionPathParameters(written).equals(written))
                ? written : null;
    }

    private static boolean hasTrackingParameter(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String parameter : url.substring(q + 1).split("&")) {
            int eq = parameter.indexOf('=');
            String name = (eq < 0 ? parameter : parameter.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING_PARAMETERS.contains(name)
                    || isSessionParameter(name)) {
                return true;
            }
        }
        return false;
    }

    private static String resolve(URI base, String href, boolean dropTracking, boolean foldIndex) {
        String h = href.trim();
        if (h.isEmpty()) {
            return null;
        }
        try {
            if (h.charAt(0) == '?') {
                // java.net.URI follows RFC 2396 here and drops the last path segment; RFC 3986 keeps it
                String b = base.toString();
                int cut = indexOfAny(b, '?', '#');
                return normalize((cut < 0 ? b : b.substring(0, cut)) + h, dropTracking, foldIndex);
            }
            return normalize(base.resolve(escapeLoosely(h)).toString(), dropTracking, foldIndex);
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
