package io.knowledgehub.api.source;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of POST /api/v1/sources. Unknown fields are rejected by name. */
public record CreateSourceRequest(String name, String description, String baseUrl, String sourceType, JsonNode config) {
}
