package io.knowledgehub.core.embed;

/**
 * How an in-process model computes its weight matrix products ({@code KH_EMBEDDINGS_PRECISION}).
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): {@link #INT8} for all-MiniLM-L6-v2 on an x86 processor with 8-bit dot-product
 *   instructions (AVX-512 VNNI or AVX-VNNI), where it was measured; {@link #FP32} otherwise (on x86 processors
 *   without them ONNX Runtime's integer kernels add products in 16 bits and can saturate; bge-small-en-v1.5 lost
 *   0.0047 nDCG@10 on semantic search with it, too close to the 0.005 allowed to be its default).</li>
 *   <li>{@link #INT8}: in 8-bit integers, weights rounded per output column and activations per run or per token,
 *   everything else (token embeddings, layer norms, attention softmax, pooling) in floats. MiniLM on 2 cores with
 *   VNNI: about twice the chunks a second; on the PostgreSQL evaluation within 0.005 nDCG@10 of {@link #FP32} for
 *   keyword, semantic and hybrid search (docs/benchmarks.md).</li>
 *   <li>{@link #FP32}: the network as trained, in 32-bit floats.</li>
 * </ul>
 *
 * A model that ships already quantized ({@code all-MiniLM-L6-v2-q}) runs as shipped either way. Vectors of the two
 * precisions are kept apart for reuse ({@link Embedder#modelKey()}); the index takes either (same model, same
 * space: cosines between them are about 0.997).
 */
public enum EmbeddingPrecision {
    AUTO,
    INT8,
    FP32
}
