package io.knowledgehub.cluster;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.redis.RedisSettings;
import io.knowledgehub.service.health.ComponentCheck;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.JedisPooled;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shared servers of cluster mode in {@code /health}: {@code redis}, and {@code weaviate} when it is used. */
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

    @ApplicationScoped
    @IfBuildProfile("cluster")
    static class Weaviate implements ComponentCheck {
        private final ClusterConfig config;
        private final jakarta.enterprise.inject.Instance<SearchIndex> index;

        Weaviate(ClusterConfig config, jakarta.enterprise.inject.Instance<SearchIndex> index) {
            this.config = config;
            this.index = index;
        }

        @Override
        public String name() {
            return "weaviate";
        }

        @Override
        public boolean inUse() {
            return config.weaviate().url().isPresent();
        }

        @Override
        public Result check() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", config.weaviate().url().orElse(""));
            try {
                details.put("chunks", index.get().chunkCount());
                return new Result(true, details);
            } catch (RuntimeException e) {
                details.put("error", "Weaviate does not answer: " + e.getMessage());
                return new Result(false, details);
            }
        }
    }
}
