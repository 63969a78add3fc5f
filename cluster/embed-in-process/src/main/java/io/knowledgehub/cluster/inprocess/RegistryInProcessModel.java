package io.knowledgehub.cluster.inprocess;

import io.knowledgehub.adapters.embeddings.EmbedderRegistry;
import io.knowledgehub.cluster.InProcessModel;
import io.knowledgehub.core.embed.Embedder;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.inject.Singleton;

/** The configured model on ONNX Runtime, in the full packagings of the api and the indexer. */
@Singleton
@IfBuildProfile("cluster")
public class RegistryInProcessModel implements InProcessModel {

    private final EmbedderRegistry models;

    public RegistryInProcessModel(EmbedderRegistry models) {
        this.models = models;
    }

    @Override
    public Embedder active() {
        return models.active();
    }
}
