package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbedderContract;
import io.knowledgehub.core.embed.EmbeddingPrecision;

/** The embedder contract on MiniLM as trained ({@code KH_EMBEDDINGS_PRECISION=fp32}); the default is int8. */
class MiniLmFp32EmbedderTest extends EmbedderContract {

    @Override
    protected Embedder newEmbedder() {
        return EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2)
                .withPrecision(EmbeddingPrecision.FP32));
    }
}
