package io.knowledgehub.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code api_request_duration_seconds} (histogram) and {@code api_requests_total}, labelled by method, route
 * template (e.g. {@code /api/v1/sources/{id}}, never the raw path, to keep the label set small) and {@code status_code}
 * (the HTTP status, as the error-rate query of the dashboard reads it).
 *
 * <p>The meters of a label set are made once and kept, found by the matched resource method, HTTP method and status:
 * building and registering them on every request (sorting the tags, finding the meter in the registry, reading the
 * route's annotations) took about 2.5 % of the CPU of a search over HTTP. The label sets are few: the resource methods
 * (each answers one HTTP method) × statuses seen. Requests answered before they reach an endpoint (401, 403, 429, 413,
 * the MCP endpoint's) are counted by {@link RequestMetricsRoute}, which leaves those counted here alone.
 */
public class RequestMetricsFilter {

    private static final String START = "kh.request.start";

    /** Set on the request's routing context once this filter counted it ({@link RequestMetricsRoute} then does not). */
    static final String COUNTED = "kh.request.counted";

    private final MeterRegistry registry;
    private final CurrentVertxRequest current;
    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

    /**
     * What a request's meters are chosen by: the resource class and method it matched (null where none did, the
     * method null where the framework answered for it), which give the route template, its HTTP method and status.
     * Equality and hash are written out: a record's generated ones go through method handles, which took a third of
     * this filter's time in a profile.
     */
    private static final class Labels {
        private final Class<?> resource;
        private final Method resourceMethod;
        private final String method;
        private final int status;
        private final int hash;

        Labels(Class<?> resource, Method resourceMethod, String method, int status) {
            this.resource = resource;
            this.resourceMethod = resourceMethod;
            this.method = method;
            this.status = status;
            this.hash = ((31 * Objects.hashCode(resource) + Objects.hashCode(resourceMethod)) * 31 + method.hashCode()) * 31 + status;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Labels l && l.hash == hash && l.status == status && l.resource == resource
                    && Objects.equals(l.resourceMethod, resourceMethod) && l.method.equals(method);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    record Meters(Timer duration, Counter count) {
    }

    public RequestMetricsFilter(MeterRegistry registry, CurrentVertxRequest current) {
        this.registry = registry;
        this.current = current;
    }

    @ServerRequestFilter
    public void start(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @ServerResponseFilter
    public void stop(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        Object start = request.getProperty(START);
        if (start == null) {
            return;
        }
        Class<?> resourceClass = resource == null ? null : resource.getResourceClass();
        Labels labels = new Labels(resourceClass, resourceClass == null ? null : resource.getResourceMethod(),
                request.getMethod(), response.getStatus());
        Meters m = meters.get(labels);
        if (m == null) {
            m = meters.computeIfAbsent(labels, this::register);
        }
        m.duration().record(System.nanoTime() - (long) start, TimeUnit.NANOSECONDS);
        m.count().increment();
        RoutingContext ctx = current.getCurrent();
        if (ctx != null) {
            ctx.put(COUNTED, Boolean.TRUE);
        }
    }

    /** The meters of a label set (the registry hands back those it has when another key gives the same labels). */
    private Meters register(Labels l) {
        return meters(registry, l.method, route(l.resource, l.resourceMethod), l.status);
    }

    /** The duration histogram and the counter of one label set. */
    static Meters meters(MeterRegistry registry, String method, String route, int statusCode) {
        String status = Integer.toString(statusCode);
        return new Meters(Timer.builder("api.request.duration").description("Time to answer an API request")
                .tags("method", method, "route", route, "status_code", status)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry),
                Counter.builder("api.requests").description("API requests answered")
                        .tags("method", method, "route", route, "status_code", status).register(registry));
    }

    static String route(Class<?> resource, Method method) {
        if (resource == null) {
            return "unmatched";
        }
        Path classPath = resource.getAnnotation(Path.class);
        Path methodPath = method == null ? null : method.getAnnotation(Path.class);
        String route = (classPath == null ? "" : classPath.value()) + (methodPath == null ? "" : methodPath.value());
        return route.isEmpty() ? "/" : route;
    }
}
