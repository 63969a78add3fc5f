package io.knowledgehub.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * CORS for the origins in {@code CORS_ORIGINS} (none by default: same-origin only). A preflight from a listed origin
 * is answered 204 here, before authentication (browsers send preflights without the key); from any other origin it is
 * refused with 403 and no CORS headers. Actual requests from a listed origin get {@code Access-Control-Allow-Origin}.
 * Quarkus' own CORS filter is not used: it cannot refuse a preflight with a problem, and it does not know about the
 * app's own origin behind a proxy.
 */
@ApplicationScoped
public class CorsHandler {

    /** Route order: after {@link SecurityHeadersHandler}, before {@link CrossSiteHandler}. */
    public static final int ORDER = -990;

    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "X-API-Key, Authorization, Content-Type";
    static final String EXPOSED_HEADERS = "Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, WWW-Authenticate";

    private final Origins origins;
    private final int maxAge;
    private final ObjectMapper json;

    public CorsHandler(HttpConfig config, ObjectMapper json) {
        this.origins = new Origins(config.corsOrigins().orElse(List.of()));
        this.maxAge = config.corsMaxAge();
        this.json = json;
    }

    public Origins origins() {
        return origins;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null;
        boolean listed = origins.listed(origin);
        if (preflight) {
            if (listed || Origins.sameOrigin(origin, request)) {
                ctx.response().setStatusCode(204)
                        .putHeader("Access-Control-Allow-Origin", origin)
                        .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                        .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                        .putHeader("Access-Control-Max-Age", Integer.toString(maxAge))
                        .putHeader("Vary", "Origin")
                        .end();
            } else {
                HttpProblems.send(ctx, json, 403, "Forbidden", "Cross-origin requests from " + origin
                        + " are not allowed; add it to CORS_ORIGINS (comma-separated) to allow them.");
            }
            return;
        }
        if (listed) {
            ctx.response().putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        ctx.response().putHeader("Vary", "Origin");
        ctx.next();
    }
}
