package io.knowledgehub.core.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: the request counters behind the per-client rate limits. Each call counts one request for a key in the
 * current fixed window of the given length (windows are aligned on the store's clock: with one-minute windows,
 * every whole minute starts a new count) and answers the count so far in that window with the time until it ends.
 *
 * <p>Contract: thread-safe; never throws and never fails its stage. When the store cannot count (its server is
 * unreachable or slow, or it tracks as many keys as it may), the answer is empty: the caller lets the request
 * through uncounted. A stage may complete on another thread; an in-process store completes it at once. Keys are
 * opaque strings; callers separate limits by prefix ({@code search:ip:127.0.0.1}).
 */
public interface RateLimitStore {

    /**
     * @param key    the limit and the client, e.g. {@code api:key:3f2a...}
     * @param window the window length (at least one millisecond)
     * @return the count including this request, or empty when the store cannot count right now
     */
    CompletionStage<Optional<WindowCount>> increment(String key, Duration window);

    /**
     * @param count   requests counted for the key in the current window, this one included (at least 1)
     * @param resetIn time until the window ends and the count starts again from zero (positive)
     */
    record WindowCount(long count, Duration resetIn) {
    }
}
