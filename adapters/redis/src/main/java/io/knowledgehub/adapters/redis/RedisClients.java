package io.knowledgehub.adapters.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled, thread-safe client the Redis adapters share within a process. The caller closes it. */
public final class RedisClients {

    private RedisClients() {
    }

    public static JedisPooled open(RedisSettings settings) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        DefaultJedisClientConfig client = DefaultJedisClientConfig.builder()
                .user(settings.user())
                .password(settings.password())
                .database(settings.database())
                .ssl(settings.tls())
                .timeoutMillis(timeoutMs)
                .clientName("knowledgehub")
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(settings.timeout()); // a busy pool fails like an unreachable server, never hangs
        pool.setTestWhileIdle(true);
        return new JedisPooled(pool, new HostAndPort(settings.host(), settings.port()), client);
    }

    public static JedisPooled open(String redisUrl) {
        return open(RedisSettings.parse(redisUrl));
    }
}
