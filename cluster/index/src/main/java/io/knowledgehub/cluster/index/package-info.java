/**
 * How cluster processes share one search index. With Weaviate ({@code WEAVIATE_URL}) every process writes the
 * server directly, and {@link io.knowledgehub.cluster.index.SharedVersionIndex} makes the index version (the search
 * cache's key) change with every process's writes. Without Weaviate, on one machine, a Lucene index in a shared
 * directory: the indexer service writes it ({@link io.knowledgehub.cluster.index.SharedIndexWriter}), the other
 * processes read its commits and forward their few writes through Redis
 * ({@link io.knowledgehub.cluster.index.ForwardingSearchIndex}).
 */
package io.knowledgehub.cluster.index;
