package io.knowledgehub.api.auth;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The app with API keys required and a known bootstrap admin key and ticket secret. */
public class AuthOn implements QuarkusTestProfile {

    static final String ADMIN_KEY = "kh_test-bootstrap-admin-key-0123456789abcdef";
    static final String SECRET = "test-secret-for-event-tickets";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kh.auth.enabled", "true", "kh.auth.admin-api-key", ADMIN_KEY, "kh.auth.secret-key", SECRET);
    }
}
