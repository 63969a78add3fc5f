package io.knowledgehub.api.limit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.service.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Answers a request whose declared body ({@code Content-Length}) exceeds {@code quarkus.http.limits.max-body-size}
 * with a 413 problem saying the limit, before anything reads it. (Quarkus's own check, just after this one, would
 * answer the same status with an empty body; bodies sent without a length are cut off by Quarkus at the same limit.)
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max, ObjectMapper json) {
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.json = json;
    }

    void install(@Observes Router router) {
        if (maxBytes < Long.MAX_VALUE) {
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
        }
    }

    private void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1; // the HTTP codec has refused such requests already
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
