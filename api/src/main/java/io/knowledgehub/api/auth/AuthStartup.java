package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKeyService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Start-up safety: with auth on, the app refuses to start when nobody could ever sign in (no {@code KH_ADMIN_API_KEY}
 * and no usable key in the database), when the bootstrap key is too short to be a secret, or (cluster) when replicas
 * would sign event tickets with different secrets. With auth off it says where it listens.
 */
@ApplicationScoped
public class AuthStartup {

    static final int MIN_ADMIN_KEY_LENGTH = 16;

    private static final Logger LOG = Logger.getLogger(AuthStartup.class);

    private final AuthConfig config;
    private final ApiKeyService keys;

    public AuthStartup(AuthConfig config, ApiKeyService keys) {
        this.config = config;
        this.keys = keys;
    }

    void check(@Observes StartupEvent event) {
        refusal(config, keys::usableCount).ifPresent(why -> {
            throw new io.quarkus.runtime.configuration.ConfigurationException(why); // printed alone, without a stack trace
        });
        String host = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("");
        if (config.enabled()) {
            LOG.infof("Authentication is on: requests need an API key (X-API-Key or Authorization: Bearer)%s.",
                    config.adminApiKey().isPresent() ? "; KH_ADMIN_API_KEY is accepted as an admin key" : "");
        } else if (HttpHostDefault.LOOPBACK.equals(host)) {
            LOG.info("Authentication is off: listening on 127.0.0.1 only. Set KH_AUTH_ENABLED=true and KH_ADMIN_API_KEY "
                    + "to expose it, or API_HOST to override.");
        } else {
            LOG.warnf("Authentication is off and the API listens on %s: anyone who can reach this port can read and change "
                    + "everything. Set KH_AUTH_ENABLED=true and KH_ADMIN_API_KEY.", host);
        }
    }

    /** Why the app must not start with this configuration, if it must not. */
    static Optional<String> refusal(AuthConfig config, LongSupplier usableKeys) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        Optional<String> admin = config.adminApiKey().map(String::strip).filter(k -> !k.isEmpty());
        if (admin.isPresent() && admin.get().length() < MIN_ADMIN_KEY_LENGTH) {
            return Optional.of("KH_ADMIN_API_KEY is only " + admin.get().length() + " characters long; use a random key of at least "
                    + MIN_ADMIN_KEY_LENGTH + " characters, e.g. the output of: openssl rand -base64 32");
        }
        if (config.requireSharedSecret() && admin.isEmpty() && config.secretKey().isEmpty()) {
            return Optional.of("Authentication is on but neither SECRET_KEY nor KH_ADMIN_API_KEY is set: api replicas would sign "
                    + "event tickets with different secrets. Set KH_ADMIN_API_KEY (a random admin key, e.g. the output of: "
                    + "openssl rand -base64 32; it also signs the tickets), or SECRET_KEY (the same value for every replica) "
                    + "once admin keys exist in the database.");
        }
        if (admin.isEmpty() && usableKeys.getAsLong() == 0) {
            return Optional.of("Authentication is on (KH_AUTH_ENABLED=true) but no key could ever be used: set KH_ADMIN_API_KEY "
                    + "to a random admin key (e.g. the output of: openssl rand -base64 32), or set KH_AUTH_ENABLED=false to "
                    + "run without keys on 127.0.0.1 only.");
        }
        return Optional.empty();
    }
}
