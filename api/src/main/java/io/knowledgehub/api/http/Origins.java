package io.knowledgehub.api.http;

import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the API: the app's own origin and those in {@code CORS_ORIGINS}. Pure apart from
 * reading the request's headers; shared by {@link CorsHandler} and {@link CrossSiteHandler}.
 */
public final class Origins {

    private final Set<String> allowed;
    private final boolean any;

    public Origins(List<String> configured) {
        this.allowed = configured.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Origins::normalise)
                .collect(Collectors.toUnmodifiableSet());
        this.any = allowed.contains("*");
    }

    /** Whether {@code origin} is listed in {@code CORS_ORIGINS} (not whether it is the app's own). */
    public boolean listed(String origin) {
        return any || allowed.contains(normalise(origin));
    }

    /** Whether a request from {@code origin} may proceed: it is the app's own origin or a listed one. */
    public boolean permits(String origin, HttpServerRequest request) {
        return sameOrigin(origin, request) || listed(origin);
    }

    /**
     * Whether {@code origin} is the origin the request was sent to: its host and port equal the {@code Host} header
     * (or {@code X-Forwarded-Host} behind a proxy) and its scheme the request's (or {@code X-Forwarded-Proto}).
     */
    static boolean sameOrigin(String origin, HttpServerRequest request) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (Exception e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return false; // "null" (sandboxed frames, file: pages) and other opaque origins
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = withPort(uri.getRawAuthority().toLowerCase(Locale.ROOT), scheme);
        String forwardedProto = first(request.getHeader("X-Forwarded-Proto"));
        String requestScheme = forwardedProto != null ? forwardedProto.toLowerCase(Locale.ROOT) : request.scheme();
        if (!scheme.equals(requestScheme)) {
            return false;
        }
        String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
        String host = forwardedHost != null ? forwardedHost : request.getHeader("Host");
        return host != null && authority.equals(withPort(host.strip().toLowerCase(Locale.ROOT), scheme));
    }

    static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("http://") || o.startsWith("https://")) {
            String scheme = o.substring(0, o.indexOf(':'));
            return scheme + "://" + withPort(o.substring(scheme.length() + 3), scheme);
        }
        return o;
    }

    private static String withPort(String authority, String scheme) {
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        if (hasPort) {
            return authority;
        }
        return authority + (scheme.equals("https") ? ":443" : ":80");
    }

    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
