package io.knowledgehub.cluster;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.ratelimit.RateLimitConfig;
import io.knowledgehub.core.ratelimit.RateLimitStore;
import io.knowledgehub.core.search.SearchCache;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.adapters.redis.RedisClients;
import io.knowledgehub.adapters.redis.RedisHostThrottle;
import io.knowledgehub.adapters.redis.RedisJobQueue;
import io.knowledgehub.adapters.redis.RedisRateLimitStore;
import io.knowledgehub.adapters.redis.RedisSearchCache;
import io.knowledgehub.adapters.redis.RedisSettings;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;


/**
 * The cluster adapters every service needs, replacing the standalone defaults ({@code @DefaultBean}) in builds made
 * with the {@code cluster} profile (the worker services, and the api's cluster packaging): the Redis job queue, search
 * cache and host throttle on {@code REDIS_URL}. The search index is wired by {@code ClusterIndexBeans}
 * (cluster/index: Weaviate or the shared Lucene index) and the embedder by {@code ClusterEmbedderBeans} (cluster/embed),
 * in the services that search, index or delete from the index only: the scheduler carries neither.
 */
@IfBuildProfile("cluster")
public class ClusterBeans {

    private static final Logger LOG = Logger.getLogger(ClusterBeans.class);

    @Produces
    @Singleton
    JedisPooled redis(ClusterConfig config) {
        RedisSettings settings = RedisSettings.parse(config.redisUrl());
        LOG.infof("Cluster mode: Redis at %s", settings.redacted());
        return RedisClients.open(settings);
    }

    void close(@Disposes JedisPooled redis) {
        redis.close();
    }

    @Produces
    @Singleton
    JobQueue jobQueue(JedisPooled redis, JobsConfig jobs) {
        return new RedisJobQueue(redis, jobs.lease(), jobs.maxAttempts());
    }

    @Produces
    @Singleton
    SearchCache searchCache(JedisPooled redis, SearchConfig search) {
        return new RedisSearchCache(redis, search.cacheTtl());
    }

    @Produces
    @Singleton
    HostThrottle hostThrottle(JedisPooled redis) {
        return new RedisHostThrottle(redis);
    }

    /**
     * The api's rate-limit counters, shared by its replicas. A client of their own with the short rate-limit
     * timeout, so that a slow Redis delays a request by at most that much (and never the job queue's calls).
     */
    @Produces
    @Singleton
    RateLimitStore rateLimitStore(ClusterConfig config, RateLimitConfig limits) {
        RedisSettings settings = RedisSettings.parse(config.redisUrl()).withTimeout(limits.redisTimeout()).withPoolSize(8);
        return RedisRateLimitStore.open(settings, limits.redisTimeout(), Duration.ofSeconds(1));
    }

    void close(@Disposes RateLimitStore store) throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
    }
}
