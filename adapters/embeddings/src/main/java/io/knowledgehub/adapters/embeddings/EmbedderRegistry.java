package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.knowledgehub.core.embed.EmbeddingPrecision;
import io.knowledgehub.core.embed.ModelRegistry;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ModelRegistry} port on ONNX Runtime: the models of {@link ModelCatalog} that ship with their networks
 * ({@link EmbeddingModels}), each an {@link OnnxEmbedder} created once.
 */
@Singleton
public class EmbedderRegistry implements ModelRegistry, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbedderRegistry.class.getName());

    private final EmbeddingConfig config;
    private final EmbedderSettings settings;
    private final Map<String, OnnxEmbedder> loaded = new ConcurrentHashMap<>();

    public EmbedderRegistry(EmbeddingConfig config, DataConfig data) {
        this.config = config;
        EmbedderSettings s = EmbedderSettings.defaults(data.dataDir()).withBatchSize(config.batchSize())
                .withPrecision(config.precision());
        this.settings = config.workers().isPresent() ? s.withWorkers(config.workers().getAsInt()) : s;
    }

    @Override
    public List<Model> models() {
        String active = canonical(config.model());
        return EmbeddingModels.descriptors().stream().map(d -> new Model(d.name(), d.dimension(), d.maxTokens(),
                d.description(), d.name().equals(active), loaded.containsKey(d.name()))).toList();
    }

    @Override
    public OnnxEmbedder active() {
        return model(null);
    }

    /** A configured model that is not shipped fails here with {@link EmbeddingModels#create}'s exception. */
    @Override
    public OnnxEmbedder model(String name) {
        String id = name == null || name.isBlank()
                ? ModelCatalog.canonicalName(config.model()).orElseThrow(() -> new io.quarkus.runtime.configuration.ConfigurationException(
                        "KH_EMBEDDINGS_MODEL=" + config.model() + " is not a model this KnowledgeHub ships; set one of "
                                + ModelCatalog.descriptors().stream().map(ModelDescriptor::name).toList() + " (docs/configuration.md)."))
                : canonical(name);
        return loaded.computeIfAbsent(id, this::load);
    }

    private OnnxEmbedder load(String id) {
        long start = System.nanoTime();
        OnnxEmbedder embedder = EmbeddingModels.create(id, settings);
        LOG.log(System.Logger.Level.INFO, describe(embedder, settings.precision(), EmbeddingModels.hasVnni())
                + String.format(Locale.ROOT, "; loaded in %.1f s", (System.nanoTime() - start) / 1e9));
        return embedder;
    }

    /** What a loaded model runs in, and why: the operator's answer to "did auto take int8 here?". */
    static String describe(OnnxEmbedder embedder, EmbeddingPrecision requested, boolean vnni) {
        String setting = "KH_EMBEDDINGS_PRECISION=" + requested.name().toLowerCase(Locale.ROOT);
        String why = requested != EmbeddingPrecision.AUTO ? setting
                : setting + (embedder.int8Products() > 0 ? ": int8 for this model on a processor with VNNI"
                : vnni ? ": as shipped for this model" : ": as shipped on a processor without VNNI");
        String precision = embedder.int8Products() > 0
                ? embedder.int8Products() + " weight products in 8-bit integers"
                : "the network as shipped";
        return "Embedding model " + embedder.modelName() + ": " + precision + " (" + why + "), reuse key "
                + embedder.modelKey();
    }

    private static String canonical(String name) {
        return ModelCatalog.canonicalName(name).orElseThrow(() -> new InvalidInputException("model_name", "Model \""
                + name + "\" is not available in this deployment; the models are "
                + ModelCatalog.descriptors().stream().map(ModelDescriptor::name).toList()
                + "; GET /api/v1/models lists them."));
    }

    /** Closes the loaded models. */
    @PreDestroy
    @Override
    public void close() {
        loaded.values().forEach(OnnxEmbedder::close);
    }
}
