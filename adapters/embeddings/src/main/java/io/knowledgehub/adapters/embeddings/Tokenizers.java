package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Builds DJL tokenizers from the {@code tokenizer.json} bundled in a model jar, overriding its truncation and
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

    /** Counts word pieces: no special tokens, no truncation, no padding. */
    static HuggingFaceTokenizer counting(String resource) {
        return load(resource, Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false"));
    }

    /** A token counter for the model: in plain Java when the tokenizer is BERT WordPiece, else the native one. */
    static TokenCounter counter(String resource) {
        WordPieceCounter fast;
        try (InputStream in = Resources.open(resource)) {
            fast = WordPieceCounter.fromTokenizerJson(in).orElse(null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tokenizer " + resource + ": " + e.getMessage(), e);
        }
        return new TokenCounter(counting(resource), fast);
    }

    private static HuggingFaceTokenizer load(String resource, Map<String, String> options) {
        try (InputStream in = Resources.open(resource)) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tokenizer " + resource + ": " + e.getMessage(), e);
        }
    }
}
