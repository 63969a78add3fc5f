/**
 * Cluster mode's wiring: {@link io.knowledgehub.cluster.ClusterBeans} produces the Redis, Weaviate / shared-index and
 * HTTP-embedding adapters in place of the standalone defaults, in builds made with the {@code cluster} profile only
 * (a standalone build carries the classes but never creates these beans and needs no Redis).
 * {@link io.knowledgehub.cluster.ClusterConfig} reads the spec's variables (REDIS_URL, WEAVIATE_URL,
 * TRANSFORMERS_INFERENCE_API, ...).
 */
package io.knowledgehub.cluster;
