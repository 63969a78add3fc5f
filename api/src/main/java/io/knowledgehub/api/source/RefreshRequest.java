package io.knowledgehub.api.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.service.error.StrictJson;

import java.util.Iterator;
import java.util.Locale;

/** Body of the refresh endpoints; optional (no body, or JSON {@code null}, means an incremental refresh). */
public record RefreshRequest(Boolean forceRefresh) {

    private static final String EXAMPLE = "{\"force_refresh\": true}";

    public boolean force() {
        return Boolean.TRUE.equals(forceRefresh);
    }

    /**
     * Clients post refreshes with no body and no Content-Type ({@code curl -X POST}, {@code requests.post(url)}), so
     * the body is read here, whatever its declared type, rather than by the JSON reader.
     */
    static RefreshRequest parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return new RefreshRequest(null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            throw new InvalidInputException(null, "The body must be empty or a JSON object like " + EXAMPLE
                    + (StrictJson.secondValue(e) ? "; it holds more than one JSON value" + where + "."
                    : "; it is not valid JSON" + where + ": " + e.getOriginalMessage() + "."));
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new RefreshRequest(null);
        }
        if (!node.isObject()) {
            throw new InvalidInputException(null, "The body must be empty or a JSON object like " + EXAMPLE + ", not a JSON "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("force_refresh")) {
                throw new InvalidInputException(name, "Unknown field \"" + name + "\"; the accepted field is force_refresh.");
            }
        }
        JsonNode force = node.get("force_refresh");
        if (force == null || force.isNull()) {
            return new RefreshRequest(null);
        }
        if (!force.isBoolean()) {
            throw new InvalidInputException("force_refresh", "force_refresh must be true or false.");
        }
        return new RefreshRequest(force.booleanValue());
    }
}
