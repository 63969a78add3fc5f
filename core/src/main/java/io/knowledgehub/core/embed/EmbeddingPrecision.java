package io.knowledgehub.core.embed;

/**
 * How an in-process model computes its weight matrix products ({@code KH_EMBEDDINGS_PRECISION}).
 *
 * <ul>
 *   <li>{@link #INT8} (the default): in 8-bit integers, weights rounded per output column and activations per
 *   run, everything else (token embeddings, layer norms, attention softmax, pooling) in floats. About twice as fast
 *   on processors with 8-bit dot-product instructions; on the PostgreSQL evaluation within 0.005 nDCG@10 of
 *   {@link #FP32} for keyword, semantic and hybrid search (docs/benchmarks.md).</li>
 *   <li>{@link #FP32}: the network as trained, in 32-bit floats.</li>
 * </ul>
 *
 * A model that ships already quantized ({@code all-MiniLM-L6-v2-q}) runs as shipped either way. Vectors of the two
 * precisions are kept apart for reuse ({@link Embedder#modelKey()}); the index takes either (same model, same
 * space: cosines between them are about 0.994).
 */
public enum EmbeddingPrecision {
    INT8,
    FP32
}
