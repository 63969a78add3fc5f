package io.knowledgehub.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.service.error.Problem;
import io.vertx.ext.web.RoutingContext;

/** Problem+json answers written by the Vert.x handlers that refuse a request before it reaches an endpoint. */
public final class HttpProblems {

    private HttpProblems() {
    }

    public static void send(RoutingContext ctx, ObjectMapper json, int status, String title, String detail) {
        String body;
        try {
            body = json.writeValueAsString(new Problem("about:blank", title, status, detail, ctx.normalizedPath(), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
