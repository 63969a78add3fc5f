/**
 * The web-facing protections that run on the Vert.x router before any endpoint, in this order:
 * {@link io.knowledgehub.api.http.SecurityHeadersHandler} (order -1000), {@link io.knowledgehub.api.http.CorsHandler}
 * (-990, answers preflights), {@link io.knowledgehub.api.http.CrossSiteHandler} (-980); then authentication
 * ({@code io.knowledgehub.api.auth.AuthenticationHandler}, -970).
 */
package io.knowledgehub.api.http;
