package io.knowledgehub.core.auth;

import io.knowledgehub.core.error.InvalidInputException;

import java.util.Locale;

/** What a key may do: {@code read} (GET endpoints, search, live job events) or {@code admin} (everything). */
public enum ApiKeyScope {
    READ("read"),
    ADMIN("admin");

    private final String wire;

    ApiKeyScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether a key of this scope may call an endpoint that needs {@code needed}. */
    public boolean covers(ApiKeyScope needed) {
        return this == ADMIN || needed == READ;
    }

    /** The scope a client asked for; anything but {@code read} or {@code admin} is a 400. */
    public static ApiKeyScope parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("scope", "scope is required: \"read\" (GET endpoints, search, live job events) or \"admin\" (everything).");
        }
        for (ApiKeyScope s : values()) {
            if (s.wire.equals(raw.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidInputException("scope", "scope \"" + raw + "\" is not known; use \"read\" or \"admin\".");
    }

    static ApiKeyScope fromWire(String stored) {
        return ADMIN.wire.equals(stored) ? ADMIN : READ;
    }
}
