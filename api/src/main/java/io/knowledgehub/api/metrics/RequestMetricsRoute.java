package io.knowledgehub.api.metrics;

import io.knowledgehub.api.http.SecurityHeadersHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts in {@code api_requests_total} and {@code api_request_duration_seconds} the API requests that no REST endpoint
 * answered, which {@link RequestMetricsFilter} never sees: those refused before one (401 without a usable key, 403,
 * 413, 415, 429 past a rate limit: route {@code unrouted}) and the MCP endpoint's (route {@code /mcp}), so that the
 * dashboard's error and request rates include them. Runs first of all routes and records when the answer has been
 * sent; a request the REST layer counted is left to it.
 */
@ApplicationScoped
public class RequestMetricsRoute {

    /** Before every other route, so that a request any of them answers is seen. */
    static final int ORDER = SecurityHeadersHandler.ORDER - 10;

    private final MeterRegistry registry;
    private final Map<String, RequestMetricsFilter.Meters> meters = new ConcurrentHashMap<>();

    public RequestMetricsRoute(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String route = route(ctx.normalizedPath());
        if (route != null) {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> {
                if (ctx.get(RequestMetricsFilter.COUNTED) == null) {
                    record(ctx.request().method().name(), route, ctx.response().getStatusCode(), System.nanoTime() - start);
                }
            });
        }
        ctx.next();
    }

    /** The route label of a request no endpoint may count, or null for requests that are no API requests (UI files). */
    static String route(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/mcp") || path.startsWith("/mcp/") || path.startsWith("/mcp;")) {
            return "/mcp";
        }
        return path.startsWith("/api/") || path.startsWith("/api;") ? "unrouted" : null;
    }

    private void record(String method, String route, int status, long nanos) {
        RequestMetricsFilter.Meters m = meters.computeIfAbsent(method + ' ' + route + ' ' + status,
                k -> RequestMetricsFilter.meters(registry, method, route, status));
        m.duration().record(nanos, TimeUnit.NANOSECONDS);
        m.count().increment();
    }
}
