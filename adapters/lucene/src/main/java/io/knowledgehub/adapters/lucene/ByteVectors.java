package io.knowledgehub.adapters.lucene;

import org.apache.lucene.util.VectorUtil;

/**
 * The 8-bit vectors of {@link VectorQuantization#INT8_ONLY}: each component of a unit vector times one scale for
 * every vector of the index, rounded and clamped to [-127, 127]. A unit vector's components spread about
 * {@code 1/sqrt(dimension)}; the scale maps a number of those spreads, measured per model, to 127:
 * <ul>
 *   <li>all-MiniLM-L6-v2 (and its int8 variant): {@value #MINILM_SPREADS} spreads, components up to 0.319 for its 384
 *       dimensions (the largest of the PostgreSQL manual's 6.6 million is 0.278), so a component moves by at most
 *       half a step, 0.0013;</li>
 *   <li>any other model: {@value #DEFAULT_SPREADS} spreads, up to 0.612 at 384 dimensions. bge-small-en-v1.5 has two
 *       outlier dimensions (99 and 223, up to 0.537 on the manual) that MiniLM's scale would clamp: measured on 400
 *       chunks, MiniLM's scale changed 3.6 % of bge's top-10 neighbours, this one 0.9 %.</li>
 * </ul>
 * One scale for all vectors of an index (its model is recorded before anything is written) keeps the byte dot
 * products the HNSW graph is built and searched with proportional to the cosines.
 *
 * <p>Scores are the cosine of the float query with the 8-bit vector ({@link #cosine}): the scale cancels, and what
 * rounding leaves is an error of the order of 0.001 in a cosine.
 */
final class ByteVectors {

    static final double MINILM_SPREADS = 6.25;
    static final double DEFAULT_SPREADS = 12;

    private ByteVectors() {
    }

    /** The scale of the vectors of {@code model} (null: not recorded yet, the default) with {@code dimension} components. */
    static float scale(String model, int dimension) {
        double spreads = model != null && model.startsWith("all-MiniLM-L6-v2") ? MINILM_SPREADS : DEFAULT_SPREADS;
        return (float) (127 * Math.sqrt(dimension) / spreads);
    }

    static byte[] quantize(float[] vector, float scale) {
        byte[] out = new byte[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] * scale)));
        }
        return out;
    }

    /** The unit vector in the direction of {@code bytes}: what the index holds of a chunk's vector. */
    static float[] dequantize(byte[] bytes) {
        double norm = 0;
        for (byte b : bytes) {
            norm += b * b;
        }
        float[] out = new float[bytes.length];
        if (norm > 0) {
            double inverse = 1 / Math.sqrt(norm);
            for (int i = 0; i < bytes.length; i++) {
                out[i] = (float) (bytes[i] * inverse);
            }
        }
        return out;
    }

    /**
     * Cosine of a unit {@code query} with the vector {@code bytes} points to, in [-1, 1]; 0 for an all-zero vector.
     * {@code widened} (as long as the vector) holds the bytes as floats, so that both dot products run on Lucene's
     * SIMD kernels: hybrid search scores several hundred candidates this way, with one buffer.
     */
    static float cosine(float[] query, byte[] bytes, float[] widened) {
        for (int i = 0; i < bytes.length; i++) {
            widened[i] = bytes[i];
        }
        int norm = VectorUtil.dotProduct(bytes, bytes);
        return norm == 0 ? 0 : (float) Math.max(-1, Math.min(1, VectorUtil.dotProduct(query, widened) / Math.sqrt(norm)));
    }
}
