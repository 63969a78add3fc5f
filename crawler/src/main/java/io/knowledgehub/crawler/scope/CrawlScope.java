package io.knowledgehub.crawler.scope;

import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.source.UrlGlob;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs belong to one source's crawl. Built once per crawl (the globs are compiled here, not per URL).
 *
 * <ul>
 *   <li>same host as the base URL; http and https are both accepted for it, default ports normalised;</li>
 *   <li>without follow patterns: the path must lie under the base URL's folder ({@code https://x/guide/} →
 *       {@code /guide/...}; {@code https://x/docs} → {@code /docs} and {@code /docs/...};
 *       {@code https://x/a/index.html} → {@code /a/...});</li>
 *   <li>with follow patterns: the path (plus {@code ?query}) must match one of them;</li>
 *   <li>an exclude pattern always wins;</li>
 *   <li>a folder URL is matched against the patterns as {@code /dir/}, {@code /dir/index.html} and
 *       {@code /dir/index.htm} (the normaliser folds the latter two into the first);</li>
 *   <li>the base URL itself is always in scope.</li>
 * </ul>
 */
public final class CrawlScope {

    private final String baseUrl;
    private final String host;
    private final int port;
    private final boolean defaultPort;
    private final String pathPrefix;
    private final List<UrlGlob> follow;
    private final List<UrlGlob> exclude;

    private CrawlScope(String baseUrl, String host, int port, boolean defaultPort, String pathPrefix,
                       List<UrlGlob> follow, List<UrlGlob> exclude) {
        this.baseUrl = baseUrl;
        this.host = host;
        this.port = port;
        this.defaultPort = defaultPort;
        this.pathPrefix = pathPrefix;
        this.follow = follow;
        this.exclude = exclude;
    }

    /** @throws IllegalArgumentException when the base URL is not an absolute http(s) URL */
    public static CrawlScope of(URI baseUrl, SourceConfig config) {
        String normalized = UrlNormalizer.normalize(baseUrl.toString());
        if (normalized == null) {
            throw new IllegalArgumentException("base URL " + baseUrl + " is not an absolute http(s) URL");
        }
        URI base = URI.create(normalized);
        int port = effectivePort(base);
        return new CrawlScope(normalized, base.getHost().toLowerCase(Locale.ROOT), port,
                port == defaultPortOf(base.getScheme()), pathPrefix(base.getRawPath()),
                config.followPatterns().stream().map(UrlGlob::compile).toList(),
                config.excludePatterns().stream().map(UrlGlob::compile).toList());
    }

    /** The normalised base URL: depth 0 of the crawl. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The path every in-scope URL starts with when no follow patterns are set. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /**
     * @param normalizedUrl a URL as returned by {@link UrlNormalizer}; a folder URL ({@code /guide/}) is matched against
     *                      the patterns also as its index file ({@code /guide/index.html}), the spelling the normaliser
     *                      folded into it, so a pattern written either way keeps working
     */
    public boolean contains(String normalizedUrl) {
        if (normalizedUrl == null) {
            return false;
        }
        if (normalizedUrl.equals(baseUrl)) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(normalizedUrl);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!sameSite(uri)) {
            return false;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        List<String> spellings = spellings(uri);
        for (UrlGlob g : exclude) {
            if (matchesAny(g, spellings)) {
                return false;
            }
        }
        if (follow.isEmpty()) {
            return underPrefix(path);
        }
        for (UrlGlob g : follow) {
            if (matchesAny(g, spellings)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exclude pattern that keeps a URL of this site out of the crawl, or null when none does (it may still be out
     * of scope: another site, or outside the base URL's path or the follow patterns). The base URL is never excluded.
     *
     * @param normalizedUrl a URL as returned by {@link UrlNormalizer}
     */
    public String excludedBy(String normalizedUrl) {
        if (normalizedUrl == null || normalizedUrl.equals(baseUrl)) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(normalizedUrl);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!sameSite(uri)) {
            return null;
        }
        List<String> spellings = spellings(uri);
        for (UrlGlob g : exclude) {
            if (matchesAny(g, spellings)) {
                return g.toString();
            }
        }
        return null;
    }

    /** The path (plus {@code ?query}) patterns are matched against; a folder also as its index file. */
    private static List<String> spellings(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return path.endsWith("/") ? List.of(path + query, path + "index.html" + query, path + "index.htm" + query)
                : List.of(path + query);
    }

    private static boolean matchesAny(UrlGlob glob, List<String> spellings) {
        for (String s : spellings) {
            if (glob.matches(s)) {
                return true;
            }
        }
        return false;
    }

    /** Same host and port (http and https both accepted): robots.txt and sitemaps are read from here. */
    public boolean sameSite(URI uri) {
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            return false;
        }
        if (!uri.getHost().equalsIgnoreCase(host)) {
            return false;
        }
        int p = effectivePort(uri);
        // http://x and https://x are the same site although their default ports differ
        return p == port || (defaultPort && p == defaultPortOf(scheme));
    }

    private boolean underPrefix(String path) {
        if (pathPrefix.endsWith("/")) {
            return path.startsWith(pathPrefix);
        }
        // "/docs": the page itself and everything under "/docs/", but not "/docs-old"
        return path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
    }

    static String pathPrefix(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        if (path.endsWith("/")) {
            return path;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        // "/a/index.html" names a file: its folder is the scope; "/docs" names a folder without its slash
        return last.contains(".") ? path.substring(0, path.lastIndexOf('/') + 1) : path;
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPortOf(uri.getScheme());
    }

    private static int defaultPortOf(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
