package io.knowledgehub.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the shared services of cluster mode are ({@code kh.cluster.*}). The spec's environment variables work as
 * documented there: {@code REDIS_URL}, {@code WEAVIATE_URL} (with {@code WEAVIATE_GRPC_PORT}, {@code WEAVIATE_API_KEY},
 * {@code WEAVIATE_COLLECTION}) and {@code TRANSFORMERS_INFERENCE_API}; the database comes from {@code DATABASE_URL}
 * (see core's {@code DatabaseUrl}).
 */
@ConfigMapping(prefix = "kh.cluster")
public interface ClusterConfig {

    /** The shared Redis: job queues, search cache, host politeness (and the shared-index write log). */
    @WithName("redis-url")
    @WithDefault("${REDIS_URL:redis://localhost:6379/0}")
    String redisUrl();

    Weaviate weaviate();

    /**
     * The t2v-transformers inference server that embeds texts ({@code TRANSFORMERS_INFERENCE_API}, e.g.
     * {@code http://t2v-transformers:8080}); unset: the model runs in this process.
     */
    @WithName("inference-api")
    @WithDefault("${TRANSFORMERS_INFERENCE_API:}")
    Optional<String> inferenceApi();

    /**
     * {@code TRANSFORMERS_INFERENCE_API_KEY}: sent as {@code X-API-Key} to the inference server, for when it is a
     * KnowledgeHub api with keys required (a read key is enough).
     */
    @WithName("inference-api-key")
    @WithDefault("${TRANSFORMERS_INFERENCE_API_KEY:}")
    Optional<String> inferenceApiKey();

    /** Timeout of one call to the inference server. */
    @WithDefault("30s")
    Duration inferenceTimeout();

    /** Calls in flight to the inference server at most, per process. */
    @WithDefault("4")
    int inferenceConcurrency();

    /** The shared Lucene index, for one machine without Weaviate. */
    SharedIndex index();

    interface Weaviate {
        /** {@code WEAVIATE_URL}: when set, the search index is the Weaviate server's. */
        @WithDefault("${WEAVIATE_URL:}")
        Optional<String> url();

        /** The gRPC endpoint's host when it differs from the URL's (a separate {@code weaviate-grpc} service). */
        @WithName("grpc-host")
        @WithDefault("${WEAVIATE_GRPC_HOST:}")
        Optional<String> grpcHost();

        @WithName("grpc-port")
        @WithDefault("${WEAVIATE_GRPC_PORT:}")
        OptionalInt grpcPort();

        @WithName("api-key")
        @WithDefault("${WEAVIATE_API_KEY:}")
        Optional<String> apiKey();

        @WithDefault("${WEAVIATE_COLLECTION:}")
        Optional<String> collection();
    }

    interface SharedIndex {
        /**
         * {@code KH_CLUSTER_INDEX_DIR}: without {@code WEAVIATE_URL}, a Lucene index in this directory shared by the
         * processes of ONE machine: the indexer service writes it (one indexer only), the api reads it; other
         * processes ask for changes through the index outbox in PostgreSQL. Unset (and no Weaviate): the process
         * refuses to start.
         */
        Optional<Path> dir();

        /** Whether this process writes the shared Lucene index (the indexer service; only one may). */
        @WithDefault("false")
        boolean writer();

        /** How often readers look for the writer's new commits. */
        @WithDefault("1s")
        Duration refreshInterval();
    }
}
