/**
 * Per-client rate limits: the {@link io.knowledgehub.core.ratelimit.RateLimitStore} port (fixed-window request
 * counters), its in-process implementation for standalone mode, and {@link io.knowledgehub.core.ratelimit.RateLimitConfig}.
 * The api's route handler applies them; cluster mode counts in Redis.
 */
package io.knowledgehub.core.ratelimit;
