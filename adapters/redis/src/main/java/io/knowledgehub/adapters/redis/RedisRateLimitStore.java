package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.ratelimit.RateLimitStore;
import org.jboss.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster-mode {@link RateLimitStore}: one counter per key shared by every api replica, {@code rate_limit:<key>}
 * (STRING: the count of the current window), created by the window's first request and expiring at the window's
 * end on the Redis server clock, so replicas agree on the windows whatever their own clocks say. Counting is one Lua
 * script (INCR, PEXPIREAT, PTTL): one round trip, atomic.
 *
 * <p>The call runs on a virtual thread of its own; the answer is empty (the request passes uncounted) when Redis
 * does not answer within the timeout or fails. After a failure Redis is left alone for {@code pauseAfterFailure},
 * so that an outage costs the requests nothing; a warning is logged at most every 30 s while it lasts.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

    public static final String PREFIX = "rate_limit:";
    private static final Logger LOG = Logger.getLogger(RedisRateLimitStore.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** KEYS: rate_limit:<key>. ARGV: window ms. Returns {count, ms until the window ends}. */
    private static final LuaScript INCREMENT = new LuaScript(LuaScript.NOW_MS + """
            local window = tonumber(ARGV[1])
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if n == 1 or ttl < 0 then
              local ends = (math.floor(now / window) + 1) * window
              redis.call('PEXPIREAT', KEYS[1], string.format('%d', ends))
              ttl = ends - now
            end
            return {n, ttl}
            """);

    private final UnifiedJedis redis;
    private final boolean ownsClient;
    private final Duration timeout;
    private final long pauseNanos;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /**
     * @param redis             a thread-safe pooled client whose own timeouts are short ({@link RedisClients#open}
     *                          with {@link RedisSettings#withTimeout}); not closed by the store
     * @param timeout           the longest a count may take before the request passes uncounted
     * @param pauseAfterFailure how long Redis is not asked after a failed call
     */
    public RedisRateLimitStore(UnifiedJedis redis, Duration timeout, Duration pauseAfterFailure) {
        this(redis, false, timeout, pauseAfterFailure);
    }

    private RedisRateLimitStore(UnifiedJedis redis, boolean ownsClient, Duration timeout, Duration pauseAfterFailure) {
        this.redis = redis;
        this.ownsClient = ownsClient;
        this.timeout = timeout;
        this.pauseNanos = pauseAfterFailure.toNanos();
    }

    /** A store with a client of its own on {@code settings} (their timeout should be {@code timeout}), closed with it. */
    public static RedisRateLimitStore open(RedisSettings settings, Duration timeout, Duration pauseAfterFailure) {
        return new RedisRateLimitStore(RedisClients.open(settings), true, timeout, pauseAfterFailure);
    }

    public static String key(String key) {
        return PREFIX + key;
    }

    @Override
    public CompletionStage<Optional<WindowCount>> increment(String key, Duration window) {
        if (System.nanoTime() - pausedUntil.get() < 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long windowMs = Math.max(1, window.toMillis());
        CompletableFuture<Optional<WindowCount>> call;
        try {
            call = CompletableFuture.supplyAsync(() -> count(key, windowMs), calls);
        } catch (RuntimeException rejected) { // closed
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(this::failed);
    }

    private Optional<WindowCount> count(String key, long windowMs) {
        List<?> answer = (List<?>) INCREMENT.run(redis, List.of(key(key)), List.of(Long.toString(windowMs)));
        long n = (Long) answer.get(0);
        long ttl = Math.max(1, (Long) answer.get(1));
        return Optional.of(new WindowCount(n, Duration.ofMillis(ttl)));
    }

    private Optional<WindowCount> failed(Throwable e) {
        long now = System.nanoTime();
        pausedUntil.set(now + pauseNanos);
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof TimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.warnf("Rate limits are not enforced: Redis cannot count requests (%s). Requests pass uncounted until it "
                    + "answers again; this warning repeats at most every 30 s.", why);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        calls.shutdownNow();
        if (ownsClient) {
            redis.close();
        }
    }
}
