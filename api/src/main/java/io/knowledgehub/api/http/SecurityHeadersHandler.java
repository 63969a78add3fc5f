package io.knowledgehub.api.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every response of the main port (API, web UI, static files, docs, errors, 404s), set as the
 * headers are written so that nothing answered later can go without them:
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, {@code X-Frame-Options: DENY} and a
 * {@code Content-Security-Policy} with {@code frame-ancestors 'none'}: strict for the web UI (no inline script or
 * style), what Swagger UI needs at {@code /docs} (its page has inline scripts and styles), and nothing at all for
 * the rest (JSON and text load nothing). {@code Strict-Transport-Security} only when the request came over HTTPS
 * (directly or, behind a proxy, {@code X-Forwarded-Proto: https}): over plain HTTP it means nothing.
 */
@ApplicationScoped
public class SecurityHeadersHandler {

    /** Route order: the first of the app's handlers. */
    public static final int ORDER = -1000;

    static final String UI_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String OTHER_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean https = ctx.request().isSSL() || "https".equalsIgnoreCase(firstValue(ctx.request().getHeader("X-Forwarded-Proto")));
        ctx.addHeadersEndHandler(v -> apply(ctx.response().headers(), path, https));
        ctx.next();
    }

    static void apply(MultiMap headers, String path, boolean https) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", csp(path));
        if (https) {
            headers.set("Strict-Transport-Security", HSTS);
        }
    }

    static String csp(String path) {
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/")) {
            return UI_CSP;
        }
        if (path.equals("/docs") || path.startsWith("/docs/")) {
            return DOCS_CSP;
        }
        return OTHER_CSP;
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
