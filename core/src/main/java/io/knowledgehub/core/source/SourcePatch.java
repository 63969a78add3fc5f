package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;

/** A PATCH request: null fields stay as they are; {@code config} is merged into the stored config. */
public record SourcePatch(String name, String description, String baseUrl, String status, JsonNode config) {
}
