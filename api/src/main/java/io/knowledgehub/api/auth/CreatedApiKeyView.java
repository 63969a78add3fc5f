package io.knowledgehub.api.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The answer to {@code POST /api/v1/keys}: the only time the key itself is shown. */
public record CreatedApiKeyView(String id, String name, String scope,
                                @Schema(description = "The key; shown only in this answer, store it now") String key,
                                Instant createdAt) {
}
