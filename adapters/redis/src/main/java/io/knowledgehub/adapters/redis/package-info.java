/**
 * Cluster mode on Redis: the shared {@link io.knowledgehub.adapters.redis.RedisJobQueue} (leases, attempts, poisoned jobs),
 * the shared {@link io.knowledgehub.adapters.redis.RedisSearchCache} and the shared per-host politeness of the crawlers,
 * {@link io.knowledgehub.adapters.redis.RedisHostThrottle}, and the per-client request counters of the api's rate limits,
 * {@link io.knowledgehub.adapters.redis.RedisRateLimitStore}. {@link io.knowledgehub.adapters.redis.RedisSettings} reads
 * {@code REDIS_URL}; {@link io.knowledgehub.adapters.redis.RedisClients} opens the client they share. Plain Java, no CDI:
 * the applications create the beans.
 */
package io.knowledgehub.adapters.redis;
