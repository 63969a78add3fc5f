package io.knowledgehub.adapters.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.knowledgehub.core.search.SearchCache;
import io.knowledgehub.core.search.SearchResponse;
import org.jboss.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster-mode {@link SearchCache}: answers shared by every API replica, as JSON strings under
 * {@code search_cache:<SHA-256 of the cache key>} that Redis expires after the TTL (the spec's
 * {@code SEARCH_CACHE_TTL}, seconds; 0 turns the cache off: every lookup misses and nothing is counted or stored).
 * Hits and misses are counted in this process. When Redis cannot be reached, lookups miss and answers are not
 * stored: a search never fails because of its cache. After a failed call the cache is bypassed for a few seconds
 * ({@link #DEFAULT_BYPASS}), so that while Redis is down (or slow to refuse, behind a dead address) searches do not each
 * wait for a Redis timeout; the next call after the pause tries Redis again.
 */
public final class RedisSearchCache implements SearchCache {

    public static final String PREFIX = "search_cache:";
    private static final Logger LOG = Logger.getLogger(RedisSearchCache.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int SCAN_COUNT = 500;
    /** How long the cache is bypassed after Redis failed to answer. */
    public static final Duration DEFAULT_BYPASS = Duration.ofSeconds(5);

    private final UnifiedJedis redis;
    private final long ttlSeconds;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final long bypassNanos;
    /** {@link System#nanoTime()} until which Redis is not asked (after a failure). */
    private volatile long bypassUntil = System.nanoTime();

    /**
     * @param redis a thread-safe pooled client ({@link RedisClients#open}); not closed by the cache
     * @param ttl   how long an answer is reused, whole seconds ({@code kh.search.cache-ttl-seconds}); zero disables
     */
    public RedisSearchCache(UnifiedJedis redis, Duration ttl) {
        this(redis, ttl, DEFAULT_BYPASS);
    }

    /** @param bypass how long, after a failed call, lookups miss and answers are not stored without asking Redis */
    public RedisSearchCache(UnifiedJedis redis, Duration ttl, Duration bypass) {
        this.bypassNanos = bypass.toNanos();
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("SEARCH_CACHE_TTL must be 0 or more seconds, got " + ttl.toSeconds());
        }
        this.redis = redis;
        this.ttlSeconds = ttl.toSeconds();
    }

    /** The Redis key of a cache key: hashed, so keys stay short whatever the query. */
    public static String redisKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public Optional<SearchResponse> get(String key) {
        if (ttlSeconds == 0) {
            return Optional.empty();
        }
        if (bypassed()) {
            misses.increment();
            return Optional.empty();
        }
        String redisKey = redisKey(key);
        String stored;
        try {
            stored = redis.get(redisKey);
        } catch (JedisException e) {
            warn("read", e);
            misses.increment();
            return Optional.empty();
        }
        if (stored == null) {
            misses.increment();
            return Optional.empty();
        }
        try {
            SearchResponse response = json.readValue(stored, SearchResponse.class);
            hits.increment();
            return Optional.of(response);
        } catch (JsonProcessingException e) {
            // written by another version of the product: recomputed and replaced
            misses.increment();
            try {
                redis.del(redisKey);
            } catch (JedisException ignored) {
                // it expires anyway
            }
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, SearchResponse response) {
        if (ttlSeconds == 0 || bypassed()) {
            return;
        }
        try {
            redis.setex(redisKey(key), ttlSeconds, json.writeValueAsString(response));
        } catch (JedisException e) {
            warn("store", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a search answer cannot be written as JSON", e);
        }
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        return misses.sum();
    }

    /** Deletes every cached answer, a page of keys at a time (SCAN, never KEYS, so Redis keeps serving). */
    @Override
    public void invalidateAll() {
        ScanParams match = new ScanParams().match(PREFIX + "*").count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        try {
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    redis.unlink(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (JedisException e) {
            warn("clear", e);
        }
    }

    private boolean bypassed() {
        return System.nanoTime() - bypassUntil < 0;
    }

    private void warn(String what, JedisException e) {
        long now = System.nanoTime();
        bypassUntil = now + bypassNanos;
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Search cache: could not %s answers in Redis (%s); searches run without the cache meanwhile", what, e.toString());
        }
    }
}
