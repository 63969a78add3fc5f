package io.knowledgehub.adapters.embeddings.catalog;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Counts word pieces as a model's own tokenizer splits them (special tokens excluded, nothing truncated), so a chunker
 * can size chunks without loading the model. Plain Java over the model's vocabulary, no native code: the same count in
 * a package that embeds in process and in one that only calls the inference server. Thread-safe and immutable.
 */
public final class TokenCounter implements ToIntFunction<String> {

    private final WordPieceCounter wordPieces;

    TokenCounter(WordPieceCounter wordPieces) {
        this.wordPieces = wordPieces;
    }

    public int count(String text) {
        Objects.requireNonNull(text, "text");
        return wordPieces.count(text);
    }

    @Override
    public int applyAsInt(String text) {
        return count(text);
    }
}
