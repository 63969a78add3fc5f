package io.knowledgehub.api.auth;

import io.knowledgehub.core.auth.ApiKeyScope;

/**
 * Who sent a request, put on the Vert.x {@code RoutingContext} under {@link #CONTEXT_KEY} by
 * {@link AuthenticationHandler} (absent when auth is off or the endpoint is open and no valid key was sent).
 *
 * @param keyId the key's id, or {@value #BOOTSTRAP_ID} for {@code KH_ADMIN_API_KEY}
 */
public record ApiPrincipal(String keyId, String name, ApiKeyScope scope) {

    public static final String CONTEXT_KEY = "kh.principal";
    public static final String BOOTSTRAP_ID = "bootstrap";

    static ApiPrincipal bootstrap() {
        return new ApiPrincipal(BOOTSTRAP_ID, "KH_ADMIN_API_KEY", ApiKeyScope.ADMIN);
    }
}
