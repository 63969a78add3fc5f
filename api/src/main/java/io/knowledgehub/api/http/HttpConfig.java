package io.knowledgehub.api.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Cross-origin access ({@code kh.http.*}); see docs/security.md. */
@ConfigMapping(prefix = "kh.http")
public interface HttpConfig {

    /**
     * {@code CORS_ORIGINS}: comma-separated origins (scheme, host and port, e.g. {@code https://wiki.example.com})
     * that may call the API from a browser besides the app's own; {@code *} allows any. Default: none (same-origin
     * only).
     */
    Optional<List<String>> corsOrigins();

    /** How long a browser may cache a preflight answer, in seconds ({@code Access-Control-Max-Age}). */
    @WithDefault("600")
    int corsMaxAge();
}
