package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.core.embed.EmbeddingPrecision;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bundled models in process: creates an {@link OnnxEmbedder} from a model id of {@link ModelCatalog}, with the
 * network from its langchain4j jar. Descriptors and token counters come from the catalog, which these delegate to.
 */
public final class EmbeddingModels {

    /** The standalone default. */
    public static final String DEFAULT_MODEL = ModelCatalog.DEFAULT_MODEL;

    private static final Map<String, Network> NETWORKS = Map.of(
            "all-minilm-l6-v2", new Network("all-minilm-l6-v2.onnx", Pooling.MEAN),
            "all-minilm-l6-v2-q", new Network("all-minilm-l6-v2-q.onnx", Pooling.MEAN),
            "bge-small-en-v1.5", new Network("bge-small-en-v1.5.onnx", Pooling.CLS),
            "bge-small-en-v1.5-q", new Network("bge-small-en-v1.5-q.onnx", Pooling.CLS));

    private EmbeddingModels() {
    }

    /** Every model, the default first. */
    public static List<ModelDescriptor> descriptors() {
        return ModelCatalog.descriptors();
    }

    /** @throws IllegalArgumentException for an unknown id, naming the known ones */
    public static ModelDescriptor descriptor(String modelId) {
        return ModelCatalog.descriptor(modelId);
    }

    /** The model with default {@link EmbedderSettings}. */
    public static OnnxEmbedder create(String modelId) {
        return create(modelId, EmbedderSettings.defaults());
    }

    /**
     * Loads the model (about a second; the ONNX file is read into memory once per call, so share the result). With
     * {@link EmbeddingPrecision#INT8} its weight products are rewritten to run in 8-bit integers first
     * ({@link Int8MatMuls}, a fraction of a second).
     *
     * @throws IllegalArgumentException for an unknown id
     * @throws IllegalStateException    when the model's jar is missing or the runtime cannot load it
     */
    public static OnnxEmbedder create(String modelId, EmbedderSettings settings) {
        ModelDescriptor descriptor = ModelCatalog.descriptor(modelId);
        Network network = NETWORKS.get(descriptor.name().toLowerCase(Locale.ROOT));
        Objects.requireNonNull(network, () -> "no network for " + descriptor.name());
        if (!Resources.exists(network.onnx())) {
            throw new IllegalStateException("embedding model " + descriptor.name() + " is not on the "
                    + "classpath: add the langchain4j model jar that holds " + network.onnx());
        }
        NativeLibraries.prepare(settings.nativeDir());
        byte[] onnx = Resources.read(network.onnx());
        int int8Products = 0;
        if (settings.precision() == EmbeddingPrecision.INT8) {
            Int8MatMuls.Result rewritten = Int8MatMuls.rewrite(onnx);
            onnx = rewritten.model();
            int8Products = rewritten.quantized();
        }
        BatchEncoder encoder = BatchEncoder.load(network.onnx(), onnx,
                Tokenizers.window(ModelCatalog.tokenizerResource(descriptor.name()), descriptor.maxTokens()),
                network.pooling(), descriptor.dimension(), settings.intraOpThreads());
        return new OnnxEmbedder(descriptor, encoder, ModelCatalog.tokenCounter(descriptor.name()), settings,
                int8Products);
    }

    /** The model's word-piece counter alone, without loading the network ({@link ModelCatalog#tokenCounter}). */
    public static TokenCounter tokenCounter(String modelId) {
        return ModelCatalog.tokenCounter(modelId);
    }

    /** Where a model's network is in its jar and how its output is pooled. */
    private record Network(String onnx, Pooling pooling) {
    }
}
