package io.knowledgehub.core.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.OptionalInt;

/** The embedding model used for indexing and queries ({@code kh.embeddings.*}). */
@ConfigMapping(prefix = "kh.embeddings")
public interface EmbeddingConfig {

    /** Model id: {@code all-MiniLM-L6-v2} (default) or {@code bge-small-en-v1.5}; see GET /api/v1/models. */
    @WithDefault("all-MiniLM-L6-v2")
    String model();

    /** Parallel inference workers (each with one ONNX Runtime thread); default: one per core. */
    OptionalInt workers();

    /** Texts per inference call (batches are also capped at 512 padded word pieces). */
    @WithDefault("32")
    int batchSize();
}
