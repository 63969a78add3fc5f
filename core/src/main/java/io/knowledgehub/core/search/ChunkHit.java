package io.knowledgehub.core.search;

/**
 * A chunk found by one retrieval, with the backend's raw score: BM25 for keyword (unbounded, higher is
 * better), cosine similarity in [-1, 1] for semantic. Turning raw scores into the 0..1 relevance users see is
 * the search service's job, not the index's.
 */
public record ChunkHit(IndexedChunk chunk, float rawScore) {
}
