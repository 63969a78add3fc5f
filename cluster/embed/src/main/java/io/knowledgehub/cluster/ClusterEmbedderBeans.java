package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * The embedder of cluster builds, in the services that embed (the api for semantic search, the indexer): over HTTP
 * on {@code TRANSFORMERS_INFERENCE_API}, or else the configured model in process, where the packaging carries it
 * ({@link InProcessModel}). A lean packaging without it refuses to start unless the inference server is configured.
 */
@IfBuildProfile("cluster")
public class ClusterEmbedderBeans {

    static final String LEAN_WITHOUT_INFERENCE_API = "This is a lean package of KnowledgeHub: it carries no in-process "
            + "embedding model (no ONNX Runtime, no model weights) and embeds only through a t2v-transformers inference "
            + "server. Set TRANSFORMERS_INFERENCE_API to that server (e.g. http://t2v-transformers:8080), or run the full "
            + "image (knowledgehub-api / knowledgehub-indexer instead of the -lean one) to embed in process.";

    private static final Logger LOG = Logger.getLogger(ClusterEmbedderBeans.class);

    /**
     * Over HTTP when {@code TRANSFORMERS_INFERENCE_API} is set (the model's tokenizer still counts word pieces here, to
     * size chunks); otherwise the configured model in process.
     */
    @Produces
    @Singleton
    Embedder embedder(ClusterConfig config, EmbeddingConfig embeddings, Instance<InProcessModel> inProcess) {
        if (config.inferenceApi().isEmpty()) {
            requireInProcessModel(inProcess);
            return inProcess.get().active();
        }
        ModelDescriptor model = ModelCatalog.descriptor(ModelCatalog.canonicalName(embeddings.model())
                .orElseThrow(() -> new ConfigurationException("KH_EMBEDDINGS_MODEL=" + embeddings.model()
                        + " is not a model KnowledgeHub knows; the models are "
                        + ModelCatalog.descriptors().stream().map(ModelDescriptor::name).toList())));
        URI url = URI.create(config.inferenceApi().get());
        LOG.infof("Cluster mode: embeddings of %s from the inference server %s", model.name(), url);
        return new TransformersEmbedder(url, model, ModelCatalog.tokenCounter(model.name()),
                config.inferenceTimeout(), config.inferenceConcurrency(), config.inferenceApiKey());
    }

    /** Refuses at start-up, not at the first page or search, when neither way of embedding is available. */
    void checkOnStart(@Observes StartupEvent event, ClusterConfig config, Instance<InProcessModel> inProcess) {
        if (config.inferenceApi().isEmpty()) {
            requireInProcessModel(inProcess);
        }
    }

    private static void requireInProcessModel(Instance<InProcessModel> inProcess) {
        if (inProcess.isUnsatisfied()) {
            throw new ConfigurationException(LEAN_WITHOUT_INFERENCE_API);
        }
    }
}
