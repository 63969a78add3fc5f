package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A PATCH request: null fields stay as they are; {@code config} is merged into the stored config;
 * {@code clearDescription} removes the description (the request sent {@code "description": null}).
 */
public record SourcePatch(String name, String description, String baseUrl, String status, JsonNode config,
                          boolean clearDescription) {

    public SourcePatch(String name, String description, String baseUrl, String status, JsonNode config) {
        this(name, description, baseUrl, status, config, false);
    }
}
