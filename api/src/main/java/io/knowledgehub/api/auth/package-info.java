/**
 * API keys on the HTTP side. {@link io.knowledgehub.api.auth.AuthenticationHandler} (Vert.x route order -970) checks
 * every request on the main port against {@link io.knowledgehub.api.auth.Access} and puts the caller's
 * {@link io.knowledgehub.api.auth.ApiPrincipal} on the routing context as {@code kh.principal};
 * {@link io.knowledgehub.api.auth.ApiKeyResource} ({@code /api/v1/keys}) and {@link io.knowledgehub.api.auth.AuthResource}
 * ({@code /api/v1/auth}, event tickets) are the endpoints; {@link io.knowledgehub.api.auth.AuthStartup} and
 * {@link io.knowledgehub.api.auth.HttpHostDefault} make the start-up safe. Settings: {@link io.knowledgehub.api.auth.AuthConfig}.
 */
package io.knowledgehub.api.auth;
