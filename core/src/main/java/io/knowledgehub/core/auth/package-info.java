/**
 * API keys: {@link io.knowledgehub.core.auth.ApiKeyService} creates, lists, revokes and looks up keys, which are
 * stored only as SHA-256 hashes ({@link io.knowledgehub.core.auth.ApiKeys}); {@link io.knowledgehub.core.auth.ApiKeyScope}
 * says what a key may do. The HTTP side (headers, scopes per endpoint, bootstrap key) lives in the api module.
 */
package io.knowledgehub.core.auth;
