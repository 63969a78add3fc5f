/**
 * The cluster-mode {@link io.knowledgehub.core.search.SearchIndex}:
 * {@link io.knowledgehub.adapters.weaviate.WeaviateSearchIndex} keeps chunks in a Weaviate collection (BM25F over
 * title, headings and content; HNSW cosine vectors; filters), queries built by {@code WeaviateQueries}, connection
 * settings in {@link io.knowledgehub.adapters.weaviate.WeaviateSettings}.
 */
package io.knowledgehub.adapters.weaviate;
