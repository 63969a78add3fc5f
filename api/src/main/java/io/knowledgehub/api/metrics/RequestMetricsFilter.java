package io.knowledgehub.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code api_request_duration_seconds} (histogram) and {@code api_requests_total}, labelled by method, route
 * template (e.g. {@code /api/v1/sources/{id}}, never the raw path, to keep the label set small) and {@code status_code}
 * (the HTTP status, as the error-rate query of the dashboard reads it).
 */
public class RequestMetricsFilter {

    private static final String START = "kh.request.start";

    private final MeterRegistry registry;

    public RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
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
        String route = route(resource);
        String status = Integer.toString(response.getStatus());
        String method = request.getMethod();
        Timer.builder("api.request.duration").description("Time to answer an API request")
                .tags("method", method, "route", route, "status_code", status)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(System.nanoTime() - (long) start, TimeUnit.NANOSECONDS);
        Counter.builder("api.requests").description("API requests answered")
                .tags("method", method, "route", route, "status_code", status).register(registry).increment();
    }

    static String route(ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return "unmatched";
        }
        Path classPath = resource.getResourceClass().getAnnotation(Path.class);
        Method m = resource.getResourceMethod();
        Path methodPath = m == null ? null : m.getAnnotation(Path.class);
        String route = (classPath == null ? "" : classPath.value()) + (methodPath == null ? "" : methodPath.value());
        return route.isEmpty() ? "/" : route;
    }
}
