package io.knowledgehub.core.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Per-client rate limits of the API ({@code kh.rate-limit.*}): requests per window per API key, or per client
 * address when the request carries no key. Searches count against {@link #search()} only, every other request under
 * {@code /api/} against {@link #api()}; health, metrics, the web UI's files and the inference endpoints are not
 * counted. 0 turns a limit off.
 */
@ConfigMapping(prefix = "kh.rate-limit")
public interface RateLimitConfig {

    /** {@code API_RATE_LIMIT}: requests per minute under {@code /api/}, searches excepted. */
    @WithDefault("${API_RATE_LIMIT:1000}")
    int api();

    /** {@code SEARCH_RATE_LIMIT}: searches per minute ({@code GET} and {@code POST /api/v1/search}). */
    @WithDefault("${SEARCH_RATE_LIMIT:100}")
    int search();

    /** The window the limits count in: one minute (shorter only in tests; the limits are then per window). */
    @WithDefault("1m")
    Duration window();

    /**
     * Cluster mode: the longest a request waits for its count from Redis; slower (or Redis down) and the request
     * passes uncounted, with a warning in the log at most every 30 s.
     */
    @WithDefault("250ms")
    Duration redisTimeout();
}
