package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.core.embed.EmbeddingPrecision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

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
     * {@link EmbeddingPrecision#INT8} (or {@link EmbeddingPrecision#AUTO} deciding so) its weight products are rewritten to run in 8-bit integers first
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
        if (effectivePrecision(descriptor.name(), settings.precision()) == EmbeddingPrecision.INT8) {
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

    /**
     * {@code requested}, with {@link EmbeddingPrecision#AUTO} decided: int8 for the models whose int8 products kept
     * the evaluation within 0.005 with a margin (all-MiniLM-L6-v2; bge-small-en-v1.5 lost 0.0047) on a processor with
     * 8-bit dot-product instructions ({@link #hasVnni()}), else fp32.
     */
    public static EmbeddingPrecision effectivePrecision(String modelId, EmbeddingPrecision requested) {
        if (requested != EmbeddingPrecision.AUTO) {
            return requested;
        }
        return INT8_EVALUATED.contains(ModelCatalog.descriptor(modelId).name().toLowerCase(Locale.ROOT)) && hasVnni()
                ? EmbeddingPrecision.INT8 : EmbeddingPrecision.FP32;
    }

    /**
     * Whether this x86 processor multiplies 8-bit integers with VNNI (AVX-512 VNNI or AVX-VNNI), as Linux reports in
     * {@code /proc/cpuinfo}. Without it ONNX Runtime's uint8 x int8 kernels add pairs of products in 16 bits, which
     * saturate for large activations (ONNX Runtime's "reduce range" note), so int8 vectors would be less accurate and
     * differ by processor. False where the file cannot be read (other systems, other architectures).
     */
    public static boolean hasVnni() {
        return Vnni.PRESENT;
    }

    private static final Set<String> INT8_EVALUATED = Set.of("all-minilm-l6-v2");

    /** Read once, on first use. */
    private static final class Vnni {
        static final boolean PRESENT = readVnni(Path.of("/proc/cpuinfo"));
    }

    static boolean readVnni(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .map(flags -> flags.contains("avx512_vnni") || flags.contains("avx_vnni"))
                    .orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The model's word-piece counter alone, without loading the network ({@link ModelCatalog#tokenCounter}). */
    public static TokenCounter tokenCounter(String modelId) {
        return ModelCatalog.tokenCounter(modelId);
    }

    /** Where a model's network is in its jar and how its output is pooled. */
    private record Network(String onnx, Pooling pooling) {
    }
}
