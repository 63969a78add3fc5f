package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.EmbedderRegistry;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.adapters.lucene.LuceneIndexReader;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.weaviate.WeaviateSearchIndex;
import io.knowledgehub.adapters.weaviate.WeaviateSettings;
import io.knowledgehub.cluster.index.ForwardingSearchIndex;
import io.knowledgehub.cluster.index.SharedIndexWriter;
import io.knowledgehub.cluster.index.SharedVersionIndex;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.ratelimit.RateLimitConfig;
import io.knowledgehub.core.ratelimit.RateLimitStore;
import io.knowledgehub.core.search.SearchCache;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.redis.RedisClients;
import io.knowledgehub.redis.RedisHostThrottle;
import io.knowledgehub.redis.RedisJobQueue;
import io.knowledgehub.redis.RedisRateLimitStore;
import io.knowledgehub.redis.RedisSearchCache;
import io.knowledgehub.redis.RedisSettings;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cluster adapters, replacing the standalone defaults ({@code @DefaultBean}) in builds made with the
 * {@code cluster} profile (the worker services, and the api's cluster packaging): the Redis job queue, search cache and
 * host throttle on {@code REDIS_URL}; the search index on {@code WEAVIATE_URL}, or else the shared Lucene index of
 * {@code KH_CLUSTER_INDEX_DIR}; the embedder on {@code TRANSFORMERS_INFERENCE_API}, or else in process.
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

    @Produces
    @Singleton
    SearchIndex searchIndex(ClusterConfig config, JedisPooled redis) {
        ClusterConfig.Weaviate w = config.weaviate();
        if (w.url().isPresent()) {
            WeaviateSettings settings = WeaviateSettings.of(w.url().get(), w.grpcHost().orElse(null),
                    w.grpcPort().isPresent() ? w.grpcPort().getAsInt() : null, w.apiKey().orElse(null), w.collection().orElse(null));
            LOG.infof("Cluster mode: search index on Weaviate %s", settings);
            return new SharedVersionIndex(WeaviateSearchIndex.connect(settings), redis);
        }
        Path dir = config.index().dir().orElseThrow(() -> new IllegalStateException(
                "Cluster mode needs a search index that every process shares: set WEAVIATE_URL to the Weaviate server "
                        + "(e.g. http://weaviate:8080), or, for processes on ONE machine, KH_CLUSTER_INDEX_DIR to a directory "
                        + "for a shared Lucene index written by the indexer service."));
        if (config.index().writer()) {
            LOG.infof("Cluster mode: writing the shared Lucene index in %s", dir);
            return new SharedIndexWriter(new LuceneSearchIndex(dir), redis, config.index().refreshInterval());
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the shared index directory " + dir + ": " + e.getMessage(), e);
        }
        LOG.infof("Cluster mode: reading the shared Lucene index in %s (the indexer service writes it)", dir);
        return new ForwardingSearchIndex(new LuceneIndexReader(dir, config.index().refreshInterval()), redis);
    }

    void close(@Disposes SearchIndex index) {
        index.close();
    }

    /**
     * Over HTTP when {@code TRANSFORMERS_INFERENCE_API} is set (the model's tokenizer still runs here, to size chunks);
     * otherwise the configured model in process.
     */
    @Produces
    @Singleton
    Embedder embedder(ClusterConfig config, EmbeddingConfig embeddings, DataConfig data, Instance<EmbedderRegistry> local) {
        if (config.inferenceApi().isEmpty()) {
            return local.get().active();
        }
        String model = local.get().canonical(embeddings.model());
        URI url = URI.create(config.inferenceApi().get());
        LOG.infof("Cluster mode: embeddings of %s from the inference server %s", model, url);
        return new TransformersEmbedder(url, EmbeddingModels.descriptor(model),
                EmbeddingModels.tokenCounter(model, EmbedderSettings.defaults(data.dataDir()).nativeDir()),
                config.inferenceTimeout(), config.inferenceConcurrency(), config.inferenceApiKey());
    }
}
