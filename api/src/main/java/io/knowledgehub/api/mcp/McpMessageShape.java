package io.knowledgehub.api.mcp;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers two malformed MCP messages with a JSON-RPC error before the MCP extension sees them, since it answers
 * them with an HTTP 500 or an internal error: an empty batch ({@code []}: JSON-RPC's "Invalid Request", -32600), and
 * a {@code tools/call} whose {@code arguments} is not an object ("Invalid params", -32602, with the message's id).
 * Runs after authentication and the rate limits; it reads the body with the same limit as every other endpoint, and
 * the extension's own body handler then takes the body as read (Vert.x reads a request's body once).
 */
@ApplicationScoped
public class McpMessageShape {

    /**
     * After the authentication, rate-limit and body-size handlers and Quarkus's upload limit, before the MCP
     * extension's route (which, like every route added without an order, has one of 0 or more).
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;
    private static final String PATH = "/mcp";

    private final long maxBytes;

    public McpMessageShape(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(-1L);
    }

    void install(@Observes Router router) {
        router.post(PATH).order(ORDER).handler(BodyHandler.create(false).setBodyLimit(maxBytes)).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (!acceptable(ctx)) {
            return;
        }
        Buffer body = ctx.body().buffer();
        Object json;
        try {
            json = body == null || body.length() == 0 ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            ctx.next(); // the extension answers a parse error itself
            return;
        }
        if (json instanceof JsonArray batch) {
            if (batch.isEmpty()) {
                refuse(ctx, null, -32600, "Invalid Request: the batch is empty; send a JSON-RPC message (an object).");
                return;
            }
            for (Object message : batch) {
                if (!argumentsAreAnObject(ctx, message)) {
                    return;
                }
            }
        } else if (!argumentsAreAnObject(ctx, json)) {
            return;
        }
        ctx.next();
    }

    /**
     * The Streamable HTTP transport asks clients to accept both {@code application/json} and {@code text/event-stream};
     * the extension answers any other Accept header with an empty 400. A request without one, or with wildcards that
     * cover both (plain curl sends {@code *}{@code /*}), is given the explicit header; one that leaves either out is
     * refused here with a JSON-RPC error saying what to send. False when refused (and answered).
     */
    private static boolean acceptable(RoutingContext ctx) {
        List<String> accept = ctx.request().headers().getAll(HttpHeaders.ACCEPT);
        List<String> ranges = accept.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(r -> !r.isEmpty()).toList();
        boolean json = ranges.isEmpty() || covers(ranges, "application", "json");
        boolean events = ranges.isEmpty() || covers(ranges, "text", "event-stream");
        if (json && events) {
            // the extension looks for both names as written, in lower case
            String raw = String.join(",", accept);
            if (!raw.contains("application/json") || !raw.contains("text/event-stream")) {
                ctx.request().headers().set(HttpHeaders.ACCEPT, "application/json, text/event-stream");
            }
            return true;
        }
        refuse(ctx, null, -32600, "Invalid Request: MCP's Streamable HTTP transport needs the header "
                + "\"Accept: application/json, text/event-stream\" (this request accepts " + String.join(", ", accept) + ").");
        return false;
    }

    /** Whether one of the media ranges (with a q above 0) takes type/subtype, by name or by wildcard. */
    private static boolean covers(List<String> ranges, String type, String subtype) {
        return covers(ranges, type + "/" + subtype) || covers(ranges, type + "/*") || covers(ranges, "*/*");
    }

    /** Whether one of the media ranges is {@code range} itself, with a q above 0. */
    private static boolean covers(List<String> ranges, String range) {
        for (String r : ranges) {
            String[] parts = r.split(";");
            if (!parts[0].strip().equalsIgnoreCase(range)) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(p.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = false;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** False (and answered) for a tools/call whose arguments are there and not an object. */
    private static boolean argumentsAreAnObject(RoutingContext ctx, Object message) {
        if (message instanceof JsonObject m && "tools/call".equals(m.getValue("method"))
                && m.getValue("params") instanceof JsonObject params && params.containsKey("arguments")) {
            Object arguments = params.getValue("arguments");
            if (arguments != null && !(arguments instanceof JsonObject)) {
                refuse(ctx, m.getValue("id"), -32602, "Invalid params: arguments must be an object of the tool's "
                        + "arguments by name, e.g. {\"query\": \"connection pooling\"}.");
                return false;
            }
        }
        return true;
    }

    private static void refuse(RoutingContext ctx, Object id, int code, String message) {
        JsonObject error = new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(error.encode());
    }
}
