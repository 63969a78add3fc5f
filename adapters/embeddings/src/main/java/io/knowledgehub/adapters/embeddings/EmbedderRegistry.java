package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process embedding models: the configured one (used for indexing and search) and any other shipped
 * model a caller asks for by name through the embeddings API, each loaded once on first use.
 */
@Singleton
public class EmbedderRegistry {

    private final EmbeddingConfig config;
    private final EmbedderSettings settings;
    private final Map<String, OnnxEmbedder> loaded = new ConcurrentHashMap<>();

    public EmbedderRegistry(EmbeddingConfig config, DataConfig data) {
        this.config = config;
        EmbedderSettings s = EmbedderSettings.defaults(data.dataDir()).withBatchSize(config.batchSize());
        this.settings = config.workers().isPresent() ? s.withWorkers(config.workers().getAsInt()) : s;
    }

    public OnnxEmbedder active() {
        return get(config.model());
    }

    public String activeName() {
        return canonical(config.model());
    }

    public List<ModelDescriptor> available() {
        return EmbeddingModels.descriptors();
    }

    public boolean isLoaded(String name) {
        return loaded.containsKey(canonical(name));
    }

    /** @throws InvalidInputException for a model that is not shipped with the product */
    public OnnxEmbedder get(String name) {
        String id = canonical(name);
        return loaded.computeIfAbsent(id, m -> EmbeddingModels.create(m, settings));
    }

    /** Accepts the Hugging Face names too ({@code sentence-transformers/all-MiniLM-L6-v2}, {@code BAAI/bge-small-en-v1.5}). */
    public String canonical(String name) {
        if (name == null || name.isBlank()) {
            return config.model();
        }
        return ModelCatalog.canonicalName(name).orElseThrow(() -> new InvalidInputException("model_name", "Model \"" + name
                + "\" is not available in this deployment; the models are "
                + ModelCatalog.descriptors().stream().map(ModelDescriptor::name).toList()
                + "; GET /api/v1/models lists them."));
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(OnnxEmbedder::close);
    }
}
