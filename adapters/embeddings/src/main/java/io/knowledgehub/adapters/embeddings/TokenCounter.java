package io.knowledgehub.adapters.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Counts word pieces with a model's own tokenizer (special tokens excluded, nothing truncated), so a chunker can
 * size chunks without loading the model. Thread-safe: the underlying Rust tokenizer encodes through a shared,
 * immutable reference.
 */
public final class TokenCounter implements ToIntFunction<String>, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    TokenCounter(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public int count(String text) {
        Objects.requireNonNull(text, "text");
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public int applyAsInt(String text) {
        return count(text);
    }

    /** Frees the native tokenizer; no call may be in flight or follow. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
