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
    private final WordPieceCounter fast;

    TokenCounter(HuggingFaceTokenizer tokenizer) {
        this(tokenizer, null);
    }

    /** @param fast the same tokenizer in plain Java (BERT WordPiece), or null to count with the native one */
    TokenCounter(HuggingFaceTokenizer tokenizer, WordPieceCounter fast) {
        this.tokenizer = tokenizer;
        this.fast = fast;
    }

    public int count(String text) {
        Objects.requireNonNull(text, "text");
        return fast != null ? fast.count(text) : nativeCount(text);
    }

    /** The native tokenizer's count, which {@link #count} equals (tests compare the two). */
    int nativeCount(String text) {
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
