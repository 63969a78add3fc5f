package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.crawl.HostThrottle;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The cluster-mode {@link HostThrottle}: every crawler replica reserves its fetch slots for a host in one Redis key,
 * {@code crawl_host:<host>} (STRING: the host's next free slot, epoch milliseconds of the Redis server clock),
 * which expires when that slot has passed. The reservation is one Lua script, so two replicas never get the same
 * slot, and the replicas' clocks do not matter.
 *
 * <p>Throws {@link redis.clients.jedis.exceptions.JedisException} (unchecked) when Redis cannot be reached.
 */
public final class RedisHostThrottle implements HostThrottle {

    public static final String PREFIX = "crawl_host:";

    /** KEYS: crawl_host:<host>. ARGV: interval ms. Returns ms until the reserved slot. */
    private static final LuaScript ACQUIRE = new LuaScript(LuaScript.NOW_MS + """
            local free = tonumber(redis.call('GET', KEYS[1]) or '0')
            local slot = math.max(now, free)
            local after = slot + tonumber(ARGV[1])
            if after > now then
              redis.call('SET', KEYS[1], string.format('%d', after), 'PX', string.format('%d', after - now))
            end
            return slot - now
            """);

    private final UnifiedJedis redis;

    /** @param redis a thread-safe pooled client ({@link RedisClients#open}); not closed by the throttle */
    public RedisHostThrottle(UnifiedJedis redis) {
        this.redis = redis;
    }

    public static String key(String host) {
        return PREFIX + host.toLowerCase(Locale.ROOT);
    }

    @Override
    public long acquire(String host, Duration minInterval) {
        long intervalMs = Math.max(0, minInterval.toMillis());
        Object wait = ACQUIRE.run(redis, List.of(key(host)), List.of(Long.toString(intervalMs)));
        return Math.max(0, (Long) wait);
    }
}
