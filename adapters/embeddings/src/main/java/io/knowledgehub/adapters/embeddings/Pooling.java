package io.knowledgehub.adapters.embeddings;

import java.nio.FloatBuffer;

/** How a model turns its per-token output into one sentence vector; each model was trained with exactly one. */
enum Pooling {

    /** Average of the token vectors under the attention mask, special tokens included (sentence-transformers). */
    MEAN,

    /** The {@code [CLS]} token's vector (BGE). */
    CLS;

    /**
     * Pools one sequence of a {@code [batch, length, dimension]} output laid out flat in {@code hidden}, then
     * L2-normalises.
     *
     * @param row    scratch of {@code dimension} floats: each token's vector is copied there to be summed
     * @param tokens real (unpadded) tokens of this sequence
     */
    float[] pool(FloatBuffer hidden, float[] row, int sequence, int length, int tokens) {
        int dimension = row.length;
        int base = sequence * length * dimension;
        double[] sum = new double[dimension];
        int used = this == CLS ? 1 : tokens;
        for (int t = 0; t < used; t++) {
            hidden.get(base + t * dimension, row, 0, dimension);
            for (int d = 0; d < dimension; d++) {
                sum[d] += row[d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dimension; d++) {
            sum[d] /= used;
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            vector[d] = (float) (norm == 0 ? 0 : sum[d] / norm);
        }
        return vector;
    }
}
