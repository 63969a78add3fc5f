package io.knowledgehub.core.auth;

/**
 * Who sent a request, once its API key is checked: put on the Vert.x routing context under {@code kh.principal}
 * (the bootstrap key from the environment has the id {@code bootstrap}).
 *
 * @param keyId the key's id (never the key itself)
 * @param name  the name given to the key
 * @param scope {@code read} or {@code admin}
 */
public record Principal(String keyId, String name, String scope) {
}
