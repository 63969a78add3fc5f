package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbedderContract;
import io.knowledgehub.core.embed.EmbeddingPrecision;

/** The embedder contract on MiniLM with its weight products in 8-bit integers ({@code KH_EMBEDDINGS_PRECISION=int8}). */
class MiniLmInt8EmbedderTest extends EmbedderContract {

    @Override
    protected Embedder newEmbedder() {
        return EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2)
                .withPrecision(EmbeddingPrecision.INT8));
    }
}
