package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;

/** A create request as received; {@link SourceService#create} validates every field. */
public record NewSource(String name, String description, String baseUrl, String sourceType, JsonNode config) {
}
