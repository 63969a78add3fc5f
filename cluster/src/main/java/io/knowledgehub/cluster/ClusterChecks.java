package io.knowledgehub.cluster;

import io.knowledgehub.adapters.redis.RedisSettings;
import io.knowledgehub.service.health.ComponentCheck;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.JedisPooled;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shared server of every cluster service in {@code /health}: {@code redis} ({@code weaviate}: cluster/index's WeaviateCheck). */
final class ClusterChecks {

    private ClusterChecks() {
    }

    @ApplicationScoped
    @IfBuildProfile("cluster")
    static class Redis implements ComponentCheck {
        private final JedisPooled redis;
        private final String url;

        Redis(JedisPooled redis, ClusterConfig config) {
            this.redis = redis;
            this.url = RedisSettings.parse(config.redisUrl()).redacted();
        }

        @Override
        public String name() {
            return "redis";
        }

        @Override
        public Result check() {
            long start = System.nanoTime();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", url);
            try {
                String pong = redis.ping();
                details.put("latency_ms", (System.nanoTime() - start) / 1_000_000.0);
                return new Result("PONG".equals(pong), details);
            } catch (RuntimeException e) {
                details.put("error", "Redis does not answer: " + e.getMessage());
                return new Result(false, details);
            }
        }
    }
}
