package io.knowledgehub.core.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Revoking the last admin key would leave nobody able to manage keys, sources or backups until a restart. */
class LastAdminKeyTest {

    private static ApiKey key(String name, ApiKeyScope scope, boolean revoked) {
        ApiKey k = new ApiKey();
        k.name = name;
        k.scope = scope.wire();
        k.revokedAt = revoked ? Instant.parse("2026-01-01T00:00:00Z") : null;
        return k;
    }

    @Test
    void the_last_admin_key_is_kept_unless_a_bootstrap_key_is_configured() {
        ApiKey admin = key("ops", ApiKeyScope.ADMIN, false);
        assertThat(ApiKeyService.lastAdminRefusal(admin, false, () -> 1)).hasValueSatisfying(m ->
                assertThat(m).startsWith("\"ops\" is the last admin key").contains("KH_ADMIN_API_KEY"));
        assertThat(ApiKeyService.lastAdminRefusal(admin, true, () -> 1)).isEmpty();
        assertThat(ApiKeyService.lastAdminRefusal(admin, false, () -> 2)).isEmpty();
        assertThat(ApiKeyService.lastAdminRefusal(key("reader", ApiKeyScope.READ, false), false, () -> 1)).isEmpty();
        assertThat(ApiKeyService.lastAdminRefusal(key("old", ApiKeyScope.ADMIN, true), false, () -> 0)).isEmpty();
    }
}
