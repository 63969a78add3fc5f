/**
 * The {@link io.knowledgehub.core.search.SearchIndex} port and its value types. Adapters: Lucene (standalone),
 * Weaviate (cluster). Each adapter's tests extend the one abstract contract test.
 */
package io.knowledgehub.core.search;
