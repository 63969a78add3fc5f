package io.knowledgehub.core.embed;

import java.util.List;

/**
 * Port: the embedding models this deployment runs in process, by name: the configured one, which indexes and searches,
 * and the other models that ship with it, for callers that ask for one by name (the embeddings API, the inference
 * server endpoints).
 *
 * <p>Contract: {@link #models()} lists every shipped model once, the default first, exactly one of them active (the
 * configured model). {@link #model} loads a model on its first call and hands the same {@link Embedder} to every later
 * call; a model stays loaded for the life of the registry, which closes it. A name is a listed model's name in any
 * case, or the Hugging Face id of one ({@code sentence-transformers/all-MiniLM-L6-v2}); {@code null} or blank means
 * the active model. Thread-safe.
 */
public interface ModelRegistry {

    /**
     * One shipped model.
     *
     * @param name        the model's id, as the index records it ({@link Embedder#modelName()})
     * @param dimensions  the length of its vectors
     * @param maxTokens   its input window in word pieces ({@link Embedder#maxTokens()})
     * @param description one line for people
     * @param active      whether it is the configured model, which indexes and searches
     * @param loaded      whether it is loaded in this process now
     */
    record Model(String name, int dimensions, int maxTokens, String description, boolean active, boolean loaded) {
    }

    /** Every shipped model, the default first; does not load any. */
    List<Model> models();

    /**
     * The model of that name, loaded on first use (about a second).
     *
     * @param name a model's name or Hugging Face id; {@code null} or blank for the active model
     * @throws io.knowledgehub.core.error.InvalidInputException (field {@code model_name}) for a model this deployment
     *                                                          does not ship, naming the ones it does
     * @throws IllegalStateException                            when the model cannot be loaded
     */
    Embedder model(String name);

    /** The configured model ({@link #model} of {@code null}): the one that indexes and searches. */
    default Embedder active() {
        return model(null);
    }
}
