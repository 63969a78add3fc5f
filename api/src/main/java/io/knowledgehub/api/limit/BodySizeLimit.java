package io.knowledgehub.api.limit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.service.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Answers a request whose declared body ({@code Content-Length}) exceeds {@code quarkus.http.limits.max-body-size}
 * with a 413 problem saying the limit, before anything reads it. (Quarkus's own check, just after this one, would
 * answer the same status with an empty body.) A body sent without a length (chunked) is counted as the endpoint reads
 * it, by {@link BodyReadLimit}, which stops it at the same limit with the same problem; Quarkus's own cut-off would
 * answer an empty 413 itself and then fail writing the endpoint's answer, so it is moved out of the way.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Where Quarkus's upload-limit route leaves the limit for the stream a REST endpoint reads a chunked body from. */
    private static final String QUARKUS_STREAM_LIMIT = "io.quarkus.max-request-size";

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max, ObjectMapper json) {
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.json = json;
    }

    void install(@Observes Router router) {
        if (maxBytes < Long.MAX_VALUE) {
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::backstop);
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The 413 detail for a body without a length that was read past the limit. */
    String overLimit() {
        return "The request body is more than " + maxBytes + " bytes; at most " + describe(maxBytes) + " are accepted.";
    }

    private void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1; // the HTTP codec has refused such requests already
        }
        if (declared < 0 && ctx.request().version() != HttpVersion.HTTP_2) { // HTTP/2 ends the one stream by itself
            // BodyReadLimit may stop the body midway: close the connection after that answer, its rest unread
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 413) {
                    ctx.response().putHeader("Connection", "close");
                }
            });
            ctx.addEndHandler(v -> {
                if (ctx.response().getStatusCode() == 413) {
                    ctx.request().connection().close();
                }
            });
        }
        if (declared <= maxBytes) {
            ctx.next();
            return;
        }
        String detail = "The request body is " + declared + " bytes; at most " + describe(maxBytes) + " are accepted.";
        var response = ctx.response();
        // the body stays unread: close the connection once answered, as its remaining bytes cannot be told from a next request
        response.endHandler(v -> ctx.request().connection().close());
        response.setStatusCode(413).putHeader("Connection", "close").putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problem(detail, ctx.normalizedPath()));
    }

    /**
     * Raises Quarkus's cut-off for a body without a length to twice the limit, past where {@link BodyReadLimit} stops
     * it: it stays as a backstop for a reader that the interceptor does not see.
     */
    private void backstop(RoutingContext ctx) {
        if (ctx.get(QUARKUS_STREAM_LIMIT) != null) {
            ctx.put(QUARKUS_STREAM_LIMIT, maxBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * maxBytes);
        }
        ctx.next();
    }

    static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return (bytes / (1024 * 1024)) + " MiB (" + bytes + " bytes)";
        }
        if (bytes % 1024 == 0) {
            return (bytes / 1024) + " KiB (" + bytes + " bytes)";
        }
        return bytes + " bytes";
    }

    private String problem(String detail, String path) {
        try {
            return json.writeValueAsString(new Problem("about:blank", "Content Too Large", 413, detail, path, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
    }
}
