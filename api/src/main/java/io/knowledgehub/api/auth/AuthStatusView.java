package io.knowledgehub.api.auth;

/**
 * {@code GET /api/v1/auth}: whether keys are required and who the caller is. With auth off the caller counts as
 * authenticated with the admin scope (everything is allowed) and no key id.
 */
public record AuthStatusView(boolean authEnabled, boolean authenticated, String scope, String keyId, String keyName) {
}
