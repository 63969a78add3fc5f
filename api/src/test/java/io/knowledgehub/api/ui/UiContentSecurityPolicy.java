package io.knowledgehub.api.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the web UI's pages under the strict Content-Security-Policy the product sends, so the browser tests fail
 * on anything the policy refuses (inline script, handlers or style attributes) even where the app under test
 * sends no policy of its own. A policy the app already set is left alone.
 */
@ApplicationScoped
public class UiContentSecurityPolicy {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String path = rc.normalizedPath();
            if (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/")) {
                rc.addHeadersEndHandler(v -> {
                    if (!rc.response().headers().contains("Content-Security-Policy")) {
                        rc.response().putHeader("Content-Security-Policy", POLICY);
                    }
                });
            }
            rc.next();
        });
    }
}
