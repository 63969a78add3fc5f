package io.knowledgehub.core.search;

/**
 * A chunk found by one retrieval, with the backend's raw score: BM25 for keyword (unbounded, higher is
 * better), cosine similarity in [-1, 1] for semantic. Turning raw scores into the 0..1 relevance users see is
 * the search service's job, not the index's.
 *
 * @param cosine for a keyword hit asked for with a query vector ({@link SearchIndex#keyword(SearchQuery, SearchFilter,
 *               int, float[])}): the chunk's cosine similarity to it; NaN when not known
 */
public record ChunkHit(IndexedChunk chunk, float rawScore, float cosine) {

    public ChunkHit(IndexedChunk chunk, float rawScore) {
        this(chunk, rawScore, Float.NaN);
    }
}
