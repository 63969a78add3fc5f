package io.knowledgehub.api.source;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of PATCH /api/v1/sources/{id}: every field optional; config is merged into the stored one. */
public record UpdateSourceRequest(String name, String description, String baseUrl, String status, JsonNode config) {
}
