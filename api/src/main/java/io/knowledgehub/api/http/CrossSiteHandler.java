package io.knowledgehub.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps other web sites from changing anything through a visitor's browser, with auth on or off:
 * <ul>
 *   <li>a state-changing request (POST, PUT, PATCH, DELETE) whose {@code Origin} is neither the app's own nor in
 *       {@code CORS_ORIGINS} is refused with 403;</li>
 *   <li>a POST under {@code /api/} or to the MCP endpoint {@code /mcp} without {@code X-API-Key} or
 *       {@code Authorization} must have a JSON content type (else 415): a form or {@code text/plain} POST is what a page can send cross-site without a preflight, and
 *       browsers that send no {@code Origin} on it are covered too.</li>
 * </ul>
 */
@ApplicationScoped
public class CrossSiteHandler {

    /** Route order: after {@link CorsHandler}, before authentication. */
    public static final int ORDER = -980;

    private static final Set<HttpMethod> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final CorsHandler cors;
    private final ObjectMapper json;

    public CrossSiteHandler(CorsHandler cors, ObjectMapper json) {
        this.cors = cors;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!CHANGING.contains(request.method())) {
            ctx.next();
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !cors.origins().permits(origin, request)) {
            HttpProblems.send(ctx, json, 403, "Forbidden", "Cross-origin " + request.method().name() + " requests from " + origin
                    + " are refused; only this server's own pages and the origins in CORS_ORIGINS may change data.");
            return;
        }
        if (request.method() == HttpMethod.POST && needsJson(ctx.normalizedPath())
                && !request.headers().contains("X-API-Key") && !request.headers().contains("Authorization")
                && !isJson(request.getHeader("Content-Type"))) {
            HttpProblems.send(ctx, json, 415, "Unsupported Media Type", "Send Content-Type: application/json or an API key "
                    + "header; this protects against cross-site requests. With curl: -H 'Content-Type: application/json'.");
            return;
        }
        ctx.next();
    }

    /** The API, and MCP (whose clients post JSON-RPC as application/json; a form post there could call a tool). */
    static boolean needsJson(String path) {
        return path.startsWith("/api/") || path.equals("/mcp") || path.startsWith("/mcp/");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
