/**
 * The standalone {@link io.knowledgehub.core.search.SearchIndex}: {@link io.knowledgehub.adapters.lucene.LuceneSearchIndex}
 * (BM25 over title, headings and body with identifier-aware analysis; HNSW vectors; filters), queries built by
 * {@code LuceneQueries}.
 */
package io.knowledgehub.adapters.lucene;
