package io.knowledgehub.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** API keys ({@code kh.auth.*}); see docs/security.md. */
@ConfigMapping(prefix = "kh.auth")
public interface AuthConfig {

    /**
     * {@code KH_AUTH_ENABLED}: whether requests need an API key. Off by default for the standalone app (which then
     * listens on 127.0.0.1 only unless {@code API_HOST} is set), on in the cluster packaging.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * {@code KH_ADMIN_API_KEY}: a bootstrap admin key from the environment (in Kubernetes, from a Secret), accepted
     * besides the keys created through the API. At least 16 characters; {@code ApiKeys.generate()} style keys
     * ({@code kh_} and 43 characters) are recommended.
     */
    Optional<String> adminApiKey();

    /**
     * {@code SECRET_KEY}: signs the short-lived event tickets. Unset: derived from {@code KH_ADMIN_API_KEY} when one
     * is set (so every api replica with the same Secret accepts the others' tickets), else random per process.
     */
    Optional<String> secretKey();

    /** Whether {@code /health} shows its component list (and {@code /health/{component}} its details) without a key. */
    @WithDefault("false")
    boolean publicHealthDetails();

    /** Whether {@code /metrics} on the API port answers without a key (it needs a read key otherwise). */
    @WithDefault("false")
    boolean publicMetrics();

    /** Whether {@code /docs} and {@code /openapi} need a read key. */
    @WithDefault("false")
    boolean protectDocs();

    /**
     * With auth on, refuse to start unless {@code SECRET_KEY} or {@code KH_ADMIN_API_KEY} is set, so that every
     * replica signs event tickets with the same secret (on in the cluster packaging).
     */
    @WithDefault("false")
    boolean requireSharedSecret();

    /** How long an event ticket is valid (the browser fetches one per stream connection). */
    @WithDefault("60s")
    Duration eventTicketTtl();
}
