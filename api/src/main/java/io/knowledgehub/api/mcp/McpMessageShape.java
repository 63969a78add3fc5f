package io.knowledgehub.api.mcp;

import io.knowledgehub.api.limit.RateLimitFilter;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Looks at each MCP message before the MCP extension does, which answers malformed ones with an HTTP 500, an
 * internal error or not at all: an empty batch ({@code []}) or one of more than {@value #MAX_BATCH} messages is
 * refused (JSON-RPC's "Invalid Request", -32600); a {@code tools/call} whose {@code name} is not text, or whose
 * {@code arguments} is there and not an object, is refused ("Invalid params", -32602, with the message's id); missing
 * or null {@code arguments} and null argument values are taken for left out. Each message of a batch after the first
 * counts against the API rate limit and each {@code search_docs} call against the search limit, as their REST
 * equivalents do. Runs after authentication and the rate limits; it reads the body with the same limit as every
 * other endpoint, and the extension's own body handler then takes the body as read (Vert.x reads a request's body
 * once); a body it tidied is handed on re-encoded.
 */
@ApplicationScoped
public class McpMessageShape {

    /**
     * After the authentication, rate-limit and body-size handlers and Quarkus's upload limit, before the MCP
     * extension's route (which, like every route added without an order, has one of 0 or more).
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;
    private static final String PATH = "/mcp";

    /** The most messages one JSON-RPC batch may hold. */
    static final int MAX_BATCH = 20;

    private final long maxBytes;
    private final RateLimitFilter rateLimits;

    public McpMessageShape(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max,
                           RateLimitFilter rateLimits) {
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(-1L);
        this.rateLimits = rateLimits;
    }

    void install(@Observes Router router) {
        router.post(PATH).order(ORDER).handler(BodyHandler.create(false).setBodyLimit(maxBytes)).handler(ctx -> check(ctx, true));
        // the older HTTP+SSE transport's messages (answers come over the client's event stream; no Accept rule)
        router.postWithRegex(LEGACY_MESSAGES).order(ORDER).handler(BodyHandler.create(false).setBodyLimit(maxBytes))
                .handler(ctx -> check(ctx, false));
    }

    /** Where clients of the HTTP+SSE transport post their messages ({@code /mcp/messages/<session>}). */
    static final String LEGACY_MESSAGES = "/mcp/messages/[^/]+/?";

    private void check(RoutingContext ctx, boolean streamable) {
        Buffer body = ctx.body().buffer();
        Object json;
        try {
            json = body == null || body.length() == 0 ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            if (!streamable || acceptable(ctx, null)) {
                ctx.next(); // the extension answers a parse error itself
            }
            return;
        }
        if (streamable && !acceptable(ctx, json instanceof JsonObject m ? m.getValue("id") : null)) {
            return;
        }
        int messages = json instanceof JsonArray batch ? batch.size() : 1;
        if (json instanceof JsonArray batch) {
            if (batch.isEmpty()) {
                refuse(ctx, null, -32600, "Invalid Request: the batch is empty; send a JSON-RPC message (an object).");
                return;
            }
            if (batch.size() > MAX_BATCH) {
                refuse(ctx, null, -32600, "Invalid Request: a batch holds at most " + MAX_BATCH + " messages; this one holds "
                        + batch.size() + ". Send the rest in further requests.");
                return;
            }
        }
        boolean changed = false;
        int searches = 0;
        List<Object> all = new ArrayList<>();
        if (json instanceof JsonArray batch) {
            batch.forEach(all::add); // maps seen as JsonObjects over the same content, so changes reach the body
        } else {
            all.add(json);
        }
        Map<Integer, JsonObject> refusals = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            Object message = all.get(i);
            if (!(message instanceof JsonObject m) || !"tools/call".equals(m.getValue("method"))
                    || !(m.getValue("params") instanceof JsonObject params)) {
                continue;
            }
            Tidied tidied = tidyToolCall(m, params);
            if (tidied.refusal() != null) {
                refusals.put(i, error(m.getValue("id"), -32602, tidied.refusal()));
                continue;
            }
            changed |= tidied.changed();
            if (SearchDocsTool.NAME.equals(params.getValue("name"))) {
                searches++;
            }
        }
        if (!refusals.isEmpty()) {
            refuse(ctx, json instanceof JsonArray ? batchRefusal(all, refusals) : refusals.values().iterator().next());
            return;
        }
        if (changed) {
            ctx.setBody(Buffer.buffer(Json.encode(json)));
        }
        // each message of a batch after the first is a request of its own, and each search_docs call a search
        rateLimits.charge(ctx, messages - 1, searches, ctx::next);
    }

    /** What {@link #tidyToolCall} did with a message; a refusal carries what to tell the client. */
    private record Tidied(boolean changed, String refusal) {
        static final Tidied AS_IS = new Tidied(false, null);
        static final Tidied CHANGED = new Tidied(true, null);

        static Tidied refused(String why) {
            return new Tidied(false, why);
        }
    }

    /**
     * Puts a {@code tools/call} (the message {@code m} with its {@code params}) into the shape the MCP extension
     * handles: its name must be text (-32602 otherwise, where the extension would never answer); missing or null
     * {@code arguments} are no arguments, an argument whose value is null is one left out (assistants send null for
     * optional arguments they do not use), and arguments that are there and not an object are refused (-32602).
     */
    private static Tidied tidyToolCall(JsonObject m, JsonObject params) {
        if (!(params.getValue("name") instanceof String)) {
            return Tidied.refused("Invalid params: name must be the name of a tool as tools/list gives it, e.g. \"search_docs\".");
        }
        Object arguments = params.getValue("arguments");
        if (arguments == null) {
            params.put("arguments", new JsonObject());
            return Tidied.CHANGED;
        }
        if (!(arguments instanceof JsonObject args)) {
            return Tidied.refused("Invalid params: arguments must be an object of the tool's arguments by name, "
                    + "e.g. {\"query\": \"connection pooling\"}.");
        }
        List<String> nulls = args.stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        nulls.forEach(args::remove);
        return nulls.isEmpty() ? Tidied.AS_IS : Tidied.CHANGED;
    }

    /** JSON-RPC's range for errors an implementation defines: here, a request of a refused batch that was not run. */
    static final int NOT_RUN = -32000;

    /**
     * The answer to a batch with messages refused: an array with an answer for each of its requests (JSON-RPC's batch
     * answer: notifications and the client's own responses get none), the refused ones' own error, an Invalid Request
     * for entries that are no message at all, and for the other requests that they were not run (-32000), since the
     * MCP server is handed whole batches or nothing. Nothing in the batch has run, so the client can send it again
     * fixed. A refused call sent as a notification (no id) gets no answer of its own, as JSON-RPC has it; where that
     * leaves nothing to answer, the first refusal is the answer (with a null id).
     */
    private static Object batchRefusal(List<Object> batch, Map<Integer, JsonObject> refusals) {
        List<Integer> refused = List.copyOf(refusals.keySet());
        String which = refused.size() == 1 ? "message " + (refused.get(0) + 1) + " of this batch (counting from 1) was"
                : "messages " + refused.stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(", "))
                + " of this batch (counting from 1) were";
        JsonArray answers = new JsonArray();
        for (int i = 0; i < batch.size(); i++) {
            Object entry = batch.get(i);
            if (!(entry instanceof JsonObject m)) {
                answers.add(error(null, -32600, "Invalid Request: entry " + (i + 1) + " of this batch is not a JSON-RPC message (an object)."));
                continue;
            }
            Object id = m.getValue("id");
            if (id == null || m.getValue("method") == null) {
                continue; // a notification, or the client's answer to a request of the server's
            }
            answers.add(refusals.containsKey(i) ? refusals.get(i) : error(id, NOT_RUN, "Not run, because " + which
                    + " refused; nothing in the batch has run. Fix it and send the batch again."));
        }
        return answers.isEmpty() ? refusals.values().iterator().next() : answers;
    }

    /**
     * The Streamable HTTP transport asks clients to accept both {@code application/json} and {@code text/event-stream};
     * the extension answers any other Accept header with an empty 400. A request without one, or with wildcards that
     * cover both (plain curl sends {@code *}{@code /*}), is given the explicit header; one that leaves either out is
     * refused here with a JSON-RPC error saying what to send. False when refused (and answered).
     */
    private static boolean acceptable(RoutingContext ctx, Object id) {
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
        refuse(ctx, id, -32600, "Invalid Request: MCP's Streamable HTTP transport needs the header "
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

    private static void refuse(RoutingContext ctx, Object id, int code, String message) {
        refuse(ctx, error(id, code, message));
    }

    private static JsonObject error(Object id, int code, String message) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    /** Answers with a JSON-RPC error (an object) or a batch's errors (an array), HTTP 400. */
    private static void refuse(RoutingContext ctx, Object answer) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(Json.encode(answer));
    }
}
