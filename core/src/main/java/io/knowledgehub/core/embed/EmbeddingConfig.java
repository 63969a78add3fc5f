package io.knowledgehub.core.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.OptionalInt;

/** The embedding model used for indexing and queries ({@code kh.embeddings.*}). */
@ConfigMapping(prefix = "kh.embeddings")
public interface EmbeddingConfig {

    /** Model id: {@code all-MiniLM-L6-v2} (default) or {@code bge-small-en-v1.5}; see GET /api/v1/models. */
    @WithDefault("all-MiniLM-L6-v2")
    String model();

    /**
     * How the in-process model computes its weight products: {@code auto} (default: {@code int8} for MiniLM on a
     * processor with VNNI, else {@code fp32}), {@code int8} (about twice as fast with VNNI, within 0.005 nDCG@10 on
     * the evaluation) or {@code fp32} ({@link EmbeddingPrecision}).
     */
    @WithDefault("auto")
    EmbeddingPrecision precision();

    /** Parallel inference workers (each with one ONNX Runtime thread); default: one per core. */
    OptionalInt workers();

    /** Texts per inference call (batches are also capped at 512 padded word pieces). */
    @WithDefault("32")
    int batchSize();

    /** Vectors kept for reuse ({@link EmbeddingCache}). */
    Cache cache();

    interface Cache {

        /**
         * Vectors kept, least recently used dropped first; 0 turns reuse off (nothing is looked up or stored). The
         * default holds about a million chunks; an entry of a 384-dimension model takes about 2.5 KB in H2 (1.5 KB of
         * it the vector), so the table stays under about 2.5 GB. It holds about one entry per distinct chunk text
         * indexed, so a deployment of 20,000 chunks uses some 50 MB.
         */
        @WithName("max-entries")
        @WithDefault("1000000")
        long maxEntries();
    }
}
