package io.knowledgehub.core.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stored API key: never the key itself, only its SHA-256 hash ({@link ApiKeys#hash}). */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** {@link ApiKeyScope#wire()} */
    @Column(nullable = false)
    public String scope;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public ApiKeyScope scopeValue() {
        return ApiKeyScope.fromWire(scope);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
