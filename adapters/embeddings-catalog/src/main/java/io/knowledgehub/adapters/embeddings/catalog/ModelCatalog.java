package io.knowledgehub.adapters.embeddings.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedding models KnowledgeHub knows: their descriptors, their tokenizers' word-piece counters and the
 * {@code tokenizer.json} files, without the networks. Everything a process needs to chunk text for a model and to talk
 * to an inference server that runs it; {@code adapters/embeddings} adds the ONNX networks to run them in process.
 * Ids match case-insensitively; {@link ModelDescriptor#name()} is the canonical spelling.
 *
 * <p>MiniLM's window is 256 word pieces (what it was trained with), not the 128 that langchain4j's bundled
 * tokenizer file silently cuts at. BGE's is 510 (512 positions less {@code [CLS]}/{@code [SEP]}).
 */
public final class ModelCatalog {

    /** The standalone default. */
    public static final String DEFAULT_MODEL = "all-MiniLM-L6-v2";

    /** Where this module's jar holds the tokenizer files (copied from the langchain4j model jars at build time). */
    static final String TOKENIZER_DIR = "knowledgehub/tokenizers/";

    static final String BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    private static final Map<String, Entry> ENTRIES = entries(
            new Entry(new ModelDescriptor("all-MiniLM-L6-v2", 384, 256,
                    "sentence-transformers all-MiniLM-L6-v2: general-purpose English, symmetric (its weight products in 8-bit integers or floats: KH_EMBEDDINGS_PRECISION)", "", false),
                    "all-minilm-l6-v2-tokenizer.json"),
            new Entry(new ModelDescriptor("all-MiniLM-L6-v2-q", 384, 256,
                    "all-MiniLM-L6-v2 with int8 weights: faster on CPU, slightly different vectors", "", true),
                    "all-minilm-l6-v2-q-tokenizer.json"),
            new Entry(new ModelDescriptor("bge-small-en-v1.5", 384, 510,
                    "BAAI bge-small-en-v1.5, fp32: English retrieval model, queries take an instruction prefix",
                    BGE_QUERY_PREFIX, false),
                    "bge-small-en-v1.5-tokenizer.json"),
            new Entry(new ModelDescriptor("bge-small-en-v1.5-q", 384, 510,
                    "bge-small-en-v1.5 with int8 weights: faster on CPU, slightly different vectors",
                    BGE_QUERY_PREFIX, true),
                    "bge-small-en-v1.5-q-tokenizer.json"));

    private ModelCatalog() {
    }

    /** Every model, the default first. */
    public static List<ModelDescriptor> descriptors() {
        return ENTRIES.values().stream().map(Entry::descriptor).toList();
    }

    /** @throws IllegalArgumentException for an unknown id, naming the known ones */
    public static ModelDescriptor descriptor(String modelId) {
        return entry(modelId).descriptor();
    }

    /**
     * The canonical id of a model named by its id in any case or by its Hugging Face name
     * ({@code sentence-transformers/all-MiniLM-L6-v2}, {@code BAAI/bge-small-en-v1.5}); empty when unknown.
     */
    public static Optional<String> canonicalName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String bare = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
        return Optional.ofNullable(ENTRIES.get(bare.toLowerCase(Locale.ROOT))).map(e -> e.descriptor().name());
    }

    /**
     * The model an int8-weight variant is of: {@code all-MiniLM-L6-v2-q} → {@code all-MiniLM-L6-v2}; any other name
     * as it is. The variants share their model's Hugging Face name.
     */
    public static String baseModel(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith("-q") ? name.substring(0, name.length() - 2) : name;
    }

    /** The classpath resource of the model's {@code tokenizer.json}, as the model jar ships it. */
    public static String tokenizerResource(String modelId) {
        return TOKENIZER_DIR + entry(modelId).tokenizer();
    }

    /**
     * The model's word-piece counter (reads its vocabulary, about 0.1 s; share the result).
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static TokenCounter tokenCounter(String modelId) {
        String resource = tokenizerResource(modelId);
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tokenizer " + resource + " is not on the classpath");
            }
            return new TokenCounter(WordPieceCounter.fromTokenizerJson(in).orElseThrow(() -> new IllegalStateException(
                    "tokenizer " + resource + " is not a BERT WordPiece tokenizer")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tokenizer " + resource + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Entry entry = ENTRIES.get(modelId.toLowerCase(Locale.ROOT));
        if (entry == null) {
            throw new IllegalArgumentException("unknown embedding model '" + modelId + "'; known models: "
                    + String.join(", ", descriptors().stream().map(ModelDescriptor::name).toList()));
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

    private record Entry(ModelDescriptor descriptor, String tokenizer) {
    }
}
