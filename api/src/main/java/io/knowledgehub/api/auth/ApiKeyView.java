package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKey;

import java.time.Instant;

/** A key as {@code GET /api/v1/keys} lists it: never the key or its hash. */
public record ApiKeyView(String id, String name, String scope, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.id.toString(), k.name, k.scope, k.createdAt, k.lastUsedAt, k.revokedAt);
    }
}
