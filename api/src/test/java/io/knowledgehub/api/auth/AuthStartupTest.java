package io.knowledgehub.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuthStartupTest {

    record Settings(boolean enabled, Optional<String> adminApiKey, Optional<String> secretKey, boolean requireSharedSecret)
            implements AuthConfig {
        public boolean publicHealthDetails() {
            return false;
        }

        public boolean publicMetrics() {
            return false;
        }

        public boolean protectDocs() {
            return false;
        }

        public Duration eventTicketTtl() {
            return Duration.ofSeconds(60);
        }
    }

    private static final String KEY = "kh_0123456789abcdef0123";

    @Test
    void refuses_to_start_with_auth_on_and_no_key_anywhere() {
        Optional<String> why = AuthStartup.refusal(new Settings(true, Optional.empty(), Optional.empty(), false), () -> 0);
        assertThat(why).get().asString().contains("KH_ADMIN_API_KEY");
    }

    @Test
    void starts_with_a_bootstrap_key_or_a_stored_key_or_auth_off() {
        assertThat(AuthStartup.refusal(new Settings(true, Optional.of(KEY), Optional.empty(), false), () -> 0)).isEmpty();
        assertThat(AuthStartup.refusal(new Settings(true, Optional.empty(), Optional.empty(), false), () -> 1)).isEmpty();
        assertThat(AuthStartup.refusal(new Settings(false, Optional.empty(), Optional.empty(), true), () -> 0)).isEmpty();
    }

    @Test
    void cluster_replicas_need_a_shared_ticket_secret_and_the_first_start_works_with_the_bootstrap_key() {
        assertThat(AuthStartup.refusal(new Settings(true, Optional.of(KEY), Optional.empty(), true), () -> 0)).isEmpty();
        assertThat(AuthStartup.refusal(new Settings(true, Optional.empty(), Optional.empty(), true), () -> 3))
                .get().asString().contains("SECRET_KEY");
        assertThat(AuthStartup.refusal(new Settings(true, Optional.empty(), Optional.of("s"), true), () -> 3)).isEmpty();
    }

    @Test
    void refuses_a_short_bootstrap_key() {
        assertThat(AuthStartup.refusal(new Settings(true, Optional.of("admin"), Optional.empty(), false), () -> 0))
                .get().asString().contains("at least 16");
    }
}
