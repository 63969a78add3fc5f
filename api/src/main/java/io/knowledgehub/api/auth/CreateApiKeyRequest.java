package io.knowledgehub.api.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/keys}. */
public record CreateApiKeyRequest(
        @Schema(description = "A label for the key, 1 to 100 characters", examples = "CI search") String name,
        @Schema(description = "read (GET endpoints, search, live job events) or admin (everything)", enumeration = {"read", "admin"})
        String scope) {
}
