package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Builds DJL tokenizers from a model's {@code tokenizer.json} (in the catalog's jar), overriding its truncation and
 * padding: the MiniLM file pins both to 128, which would cut every input at 128 word pieces.
 */
final class Tokenizers {

    /** {@code [CLS]} and {@code [SEP]} around every single-sequence input of these BERT models. */
    static final int SPECIAL_TOKENS = 2;

    private Tokenizers() {
    }

    /** Encodes like the model sees it: special tokens added, cut at {@code maxTokens} word pieces, unpadded. */
    static HuggingFaceTokenizer window(String resource, int maxTokens) {
        int window = maxTokens + SPECIAL_TOKENS;
        return load(resource, Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "maxLength", Integer.toString(window),
                "modelMaxLength", Integer.toString(window),
                "padding", "false"));
    }

    /** Counts word pieces: no special tokens, no truncation, no padding (the tests compare the catalog's count with it). */
    static HuggingFaceTokenizer counting(String resource) {
        return load(resource, Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false"));
    }

    private static HuggingFaceTokenizer load(String resource, Map<String, String> options) {
        try (InputStream in = Resources.open(resource)) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tokenizer " + resource + ": " + e.getMessage(), e);
        }
    }
}
