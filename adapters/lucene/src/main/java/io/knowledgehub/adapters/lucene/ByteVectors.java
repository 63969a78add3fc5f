package io.knowledgehub.adapters.lucene;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.VectorUtil;

/**
 * The 8-bit vectors of {@link VectorQuantization#INT8_ONLY}: each component of a unit vector times one scale for
 * every vector of a dimension, rounded and clamped to [-127, 127]. A unit vector's components spread about
 * {@code 1/sqrt(dimension)}; the scale maps {@value #SPREADS} of those spreads to 127 (with all-MiniLM-L6-v2, 384
 * dimensions: components up to 0.319; the largest among the PostgreSQL manual's 6.6 million is 0.278), so a
 * component moves by at most half a step, 0.0013. One scale for all vectors keeps the byte dot products the HNSW
 * graph is built and searched with proportional to the cosines.
 *
 * <p>Scores are the cosine of the float query with the 8-bit vector ({@link #cosine}): the scale cancels, and what
 * rounding leaves is an error of the order of 0.001 in a cosine.
 */
final class ByteVectors {

    /** Spreads of a unit vector's component that map to 127. */
    static final double SPREADS = 6.25;

    private ByteVectors() {
    }

    static float scale(int dimension) {
        return (float) (127 * Math.sqrt(dimension) / SPREADS);
    }

    static byte[] quantize(float[] vector) {
        float scale = scale(vector.length);
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

    /** Cosine of a unit {@code query} with the vector {@code bytes} points to, in [-1, 1]; 0 for an all-zero vector. */
    static float cosine(float[] query, byte[] bytes) {
        return cosine(query, bytes, new float[bytes.length]);
    }

    /**
     * {@link #cosine(float[], byte[])} with {@code widened} (as long as the vector) to hold the bytes as floats, so
     * that both dot products run on Lucene's SIMD kernels: hybrid search scores several hundred candidates this way.
     */
    static float cosine(float[] query, byte[] bytes, float[] widened) {
        for (int i = 0; i < bytes.length; i++) {
            widened[i] = bytes[i];
        }
        int norm = VectorUtil.dotProduct(bytes, bytes);
        return norm == 0 ? 0 : (float) Math.max(-1, Math.min(1, VectorUtil.dotProduct(query, widened) / Math.sqrt(norm)));
    }

    /** Whether some segment of {@code reader} holds 8-bit vectors (an index holds one kind or the other). */
    static boolean inUse(IndexReader reader) {
        for (LeafReaderContext leaf : reader.leaves()) {
            if (leaf.reader().getFieldInfos().fieldInfo(LuceneSearchIndex.VECTOR_BYTES) != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether some segment of {@code reader} holds float vectors. */
    static boolean floatsInUse(IndexReader reader) {
        for (LeafReaderContext leaf : reader.leaves()) {
            if (leaf.reader().getFieldInfos().fieldInfo(LuceneSearchIndex.VECTOR) != null) {
                return true;
            }
        }
        return false;
    }
}
