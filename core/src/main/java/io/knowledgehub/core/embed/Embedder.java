package io.knowledgehub.core.embed;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Port: turns texts into dense vectors with one embedding model.
 *
 * <p>Contract: {@link #embedAll} returns one L2-normalised vector of {@link #dimension()} floats per input text,
 * in input order; the same text always gives the same vector. Texts longer than {@link #maxTokens()} word
 * pieces are truncated by the model (callers chunk first, measuring with {@link #countTokens}). Thread-safe;
 * an implementation may batch and parallelise internally. Throws {@link IllegalStateException} when the model
 * cannot run.
 */
public interface Embedder {

    /** A stable model id, e.g. {@code all-MiniLM-L6-v2}, recorded in the index. */
    String modelName();

    int dimension();

    /**
     * Which vectors this embedder makes: two embedders with the same key give the same vector for the same text (up to
     * float rounding), so a vector stored under the key may stand in for embedding the text again. The model name and
     * the dimension; the name tells shipped weight variants apart ({@code all-MiniLM-L6-v2-q} is the int8 one), and an
     * implementation adds how it computes where that changes the vectors ({@link EmbeddingPrecision}).
     */
    default String modelKey() {
        return modelName() + "/" + dimension();
    }

    /** The model's input window in word pieces (tokens), special tokens excluded. */
    int maxTokens();

    /** Word pieces of {@code text} by the model's own tokenizer, special tokens excluded. */
    int countTokens(String text);

    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** The vector of a search query; models trained with a query instruction (bge) override this to add it. */
    default float[] embedQuery(String query) {
        return embed(query);
    }

    /** The inference server that runs the model, for an embedder that calls one; empty when the model runs in process. */
    default Optional<URI> inferenceServer() {
        return Optional.empty();
    }

    /**
     * Whether the model can embed now: an in-process model once it is created, a served one while its server answers
     * its readiness probe. Never throws; may wait one round-trip to the server, bounded by the embedder's timeout.
     */
    default boolean ready() {
        return true;
    }
}
