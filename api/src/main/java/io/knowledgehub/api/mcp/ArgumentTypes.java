package io.knowledgehub.api.mcp;

import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Checks the JSON types of a tool's arguments before the MCP extension converts them: a value it cannot convert
 * ({@code "limit": 2.5}, {@code "sources": "Vue"}, {@code "force": "yes"}) would get "Invalid argument [limit] - unable
 * to convert value", which does not say what to send; this tool error does. {@code fetch_document}'s {@code part} has a
 * guardrail of its own ({@link FetchDocumentTool.PartIsAWholeNumber}), which also checks its range.
 */
@ApplicationScoped
public class ArgumentTypes implements ToolInputGuardrail {

    @Override
    public void apply(ToolInputContext context) {
        JsonObject arguments = context.getArguments();
        if (arguments == null) {
            return;
        }
        JsonObject asText = Kind.numbersAsText(context.getTool().name(), arguments);
        if (asText != null) {
            context.setArguments(asText);
            arguments = asText;
        }
        String problem = Kind.problem(context.getTool().name(), arguments);
        if (problem != null) {
            throw new ToolCallException(problem);
        }
    }

    /** What the tools' arguments must be, where a value of another JSON type cannot be converted. */
    enum Kind {
        WHOLE_NUMBER, TRUE_OR_FALSE, LIST, TEXT;

        private static final Map<String, Map<String, Kind>> TOOLS = Map.of(
                "search_docs", Map.of("query", TEXT, "search_type", TEXT, "limit", WHOLE_NUMBER, "sources", LIST),
                "fetch_document", Map.of("document", TEXT, "section", TEXT),
                "refresh_source", Map.of("source", TEXT, "force", TRUE_OR_FALSE));

        /**
         * The arguments with a number or true/false given for a text argument written as text ({@code "query": 42}
         * is a search for "42", as an assistant meant it; the API's JSON reader takes no number for text), or null
         * when there is none.
         */
        static JsonObject numbersAsText(String tool, JsonObject arguments) {
            Map<String, Kind> kinds = TOOLS.get(tool);
            JsonObject out = null;
            for (Map.Entry<String, Kind> k : kinds == null ? Map.<String, Kind>of().entrySet() : kinds.entrySet()) {
                Object value = arguments.getValue(k.getKey());
                if (k.getValue() == TEXT && (value instanceof Number || value instanceof Boolean)) {
                    out = out == null ? arguments.copy() : out;
                    out.put(k.getKey(), text(value));
                } else if (k.getValue() == LIST && value instanceof JsonArray list
                        && list.stream().anyMatch(v -> v instanceof Number || v instanceof Boolean)) {
                    // a list of source names or ids: [42] is the source named "42"
                    out = out == null ? arguments.copy() : out;
                    JsonArray texts = new JsonArray();
                    list.forEach(v -> texts.add(v instanceof Number || v instanceof Boolean ? text(v) : v));
                    out.put(k.getKey(), texts);
                }
            }
            return out;
        }

        /** A JSON number or boolean as the text it was written as (42, 2.5, true). */
        private static String text(Object value) {
            if (value instanceof Number n && !(value instanceof Double d && (d.isInfinite() || d.isNaN()))) {
                return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        }

        /** The sentence saying what is wrong with one of the arguments, or null when their types fit the tool. */
        static String problem(String tool, JsonObject arguments) {
            Map<String, Kind> kinds = TOOLS.get(tool);
            if (kinds == null) {
                return null;
            }
            for (Map.Entry<String, Kind> k : kinds.entrySet()) {
                Object value = arguments.getValue(k.getKey());
                if (value != null && !k.getValue().fits(value)) {
                    return k.getKey() + " must be " + k.getValue().described(k.getKey()) + ", not " + Json.encode(value) + ".";
                }
            }
            return null;
        }

        boolean fits(Object value) {
            return switch (this) {
                case WHOLE_NUMBER -> value instanceof Number n ? n.doubleValue() == Math.rint(n.doubleValue())
                        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE
                        : value instanceof String str && str.strip().matches("-?[0-9]{1,9}");
                case TRUE_OR_FALSE -> value instanceof Boolean
                        || value instanceof String str && (str.equalsIgnoreCase("true") || str.equalsIgnoreCase("false"));
                case LIST -> value instanceof JsonArray;
                case TEXT -> value instanceof String;
            };
        }

        String described(String name) {
            return switch (this) {
                case WHOLE_NUMBER -> name.equals("limit") ? "a whole number from 1 to 20, e.g. 5" : "a whole number";
                case TRUE_OR_FALSE -> "true or false";
                case LIST -> "a list of source names or ids as list_sources shows them, e.g. [\"Vue.js Documentation\"]";
                case TEXT -> "text (a JSON string)";
            };
        }
    }
}
