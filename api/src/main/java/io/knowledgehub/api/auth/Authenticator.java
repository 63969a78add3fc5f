package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKey;
import io.knowledgehub.core.auth.ApiKeyScope;
import io.knowledgehub.core.auth.ApiKeyService;
import io.knowledgehub.core.auth.ApiKeys;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a presented key (or an event ticket's key id) into an {@link ApiPrincipal}. The bootstrap key is checked in
 * memory by comparing SHA-256 hashes in constant time; other keys are looked up in the database, which is blocking:
 * {@link #lookup} and {@link #lookupId} must not run on an event loop.
 */
@ApplicationScoped
public class Authenticator {

    /** What a presented key turned out to be. */
    sealed interface Outcome {
        record Valid(ApiPrincipal principal) implements Outcome {
        }

        record Revoked() implements Outcome {
        }

        record Unknown() implements Outcome {
        }
    }

    private final ApiKeyService keys;
    private final byte[] bootstrapHash;
    private final EventTickets tickets;

    public Authenticator(ApiKeyService keys, AuthConfig config) {
        this.keys = keys;
        this.bootstrapHash = config.adminApiKey().map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeys::sha256).orElse(null);
        this.tickets = new EventTickets(EventTickets.secret(config.secretKey(), config.adminApiKey()), config.eventTicketTtl(),
                Clock.systemUTC());
    }

    EventTickets tickets() {
        return tickets;
    }

    /** The key a request carries: {@code X-API-Key}, else {@code Authorization: Bearer}; null when neither. */
    static String presentedKey(MultiMap headers) {
        String key = headers.get("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String bearer = authorization.substring(7).strip();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    /** Whether a request carries a key header at all (even one that is not a bearer key): see the cross-site rule. */
    static boolean carriesKeyHeader(MultiMap headers) {
        return headers.contains("X-API-Key") || headers.contains("Authorization");
    }

    /** The bootstrap admin principal when {@code key} is {@code KH_ADMIN_API_KEY}; no blocking work. */
    Optional<ApiPrincipal> bootstrap(String key) {
        if (bootstrapHash != null && MessageDigest.isEqual(bootstrapHash, ApiKeys.sha256(key))) {
            return Optional.of(ApiPrincipal.bootstrap());
        }
        return Optional.empty();
    }

    /** Looks a key up in the database and records its use. Blocking. */
    Outcome lookup(String key) {
        return outcome(keys.authenticate(key));
    }

    /** The key an event ticket names, checked again (it may have been revoked since). Blocking for stored keys. */
    Outcome lookupId(String keyId) {
        if (keyId.equals(ApiPrincipal.BOOTSTRAP_ID)) {
            return bootstrapHash != null ? new Outcome.Valid(ApiPrincipal.bootstrap()) : new Outcome.Revoked();
        }
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return new Outcome.Unknown();
        }
        return outcome(keys.find(id));
    }

    boolean hasBootstrapKey() {
        return bootstrapHash != null;
    }

    private static Outcome outcome(Optional<ApiKey> found) {
        if (found.isEmpty()) {
            return new Outcome.Unknown();
        }
        ApiKey k = found.get();
        if (k.revoked()) {
            return new Outcome.Revoked();
        }
        ApiKeyScope scope = k.scopeValue();
        return new Outcome.Valid(new ApiPrincipal(k.id.toString(), k.name, scope));
    }
}
