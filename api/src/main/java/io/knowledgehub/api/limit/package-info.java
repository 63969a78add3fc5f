/**
 * Limits applied before the endpoints, as Vert.x route handlers: the per-client rate limits
 * ({@link io.knowledgehub.api.limit.RateLimitFilter}, order {@value io.knowledgehub.api.limit.RateLimitFilter#ORDER},
 * after authentication) and the request body size ({@link io.knowledgehub.api.limit.BodySizeLimit}, declared; {@link
 * io.knowledgehub.api.limit.BodyReadLimit}, as read).
 */
package io.knowledgehub.api.limit;
