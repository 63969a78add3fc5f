package io.knowledgehub.api.auth;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The app with API keys required and a known bootstrap admin key and ticket secret. */
public class AuthOn implements QuarkusTestProfile {

    static final String ADMIN_KEY = "kh_test-bootstrap-admin-key-0123456789abcdef";
    static final String SECRET = "test-secret-for-event-tickets";

    /** The access log, turned on and written to this file, so that tests can read what it keeps of a request. */
    static final java.nio.file.Path ACCESS_LOG = java.nio.file.Path.of("target", "auth-on-access.log");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kh.auth.enabled", "true", "kh.auth.admin-api-key", ADMIN_KEY, "kh.auth.secret-key", SECRET,
                "quarkus.http.access-log.enabled", "true", "quarkus.http.access-log.log-to-file", "true",
                "quarkus.http.access-log.log-directory", ACCESS_LOG.getParent().toAbsolutePath().toString(),
                "quarkus.http.access-log.base-file-name", "auth-on-access", "quarkus.http.access-log.rotate", "false");
    }
}
