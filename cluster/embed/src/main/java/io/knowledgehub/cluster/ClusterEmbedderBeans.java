package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.EmbedderRegistry;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * The embedder of cluster builds, in the services that embed (the api for semantic search, the indexer): over HTTP
 * on {@code TRANSFORMERS_INFERENCE_API}, or else the configured model in process.
 */
@IfBuildProfile("cluster")
public class ClusterEmbedderBeans {

    private static final Logger LOG = Logger.getLogger(ClusterEmbedderBeans.class);

    /**
     * Over HTTP when {@code TRANSFORMERS_INFERENCE_API} is set (the model's tokenizer still runs here, to size chunks);
     * otherwise the configured model in process.
     */
    @Produces
    @Singleton
    Embedder embedder(ClusterConfig config, EmbeddingConfig embeddings, DataConfig data, Instance<EmbedderRegistry> local) {
        if (config.inferenceApi().isEmpty()) {
            return local.get().active();
        }
        String model = local.get().canonical(embeddings.model());
        URI url = URI.create(config.inferenceApi().get());
        LOG.infof("Cluster mode: embeddings of %s from the inference server %s", model, url);
        return new TransformersEmbedder(url, EmbeddingModels.descriptor(model),
                EmbeddingModels.tokenCounter(model, EmbedderSettings.defaults(data.dataDir()).nativeDir()),
                config.inferenceTimeout(), config.inferenceConcurrency(), config.inferenceApiKey());
    }
}
