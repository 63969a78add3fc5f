/**
 * How cluster processes share one search index. The indexer service is its one writer; the api reads it, and other
 * processes ask for changes through the index outbox in PostgreSQL
 * ({@link io.knowledgehub.core.search.IndexOutboxRepository}). With Weaviate ({@code WEAVIATE_URL}) the indexers
 * write the server, and {@link io.knowledgehub.cluster.index.SharedVersionIndex} makes the index version (the search
 * cache's key) change with every write, wherever it was made. Without Weaviate, on one machine, a Lucene index in a
 * shared directory that one indexer writes and the api reads.
 */
package io.knowledgehub.cluster.index;
