package io.knowledgehub.core.embed;

/**
 * The inference server an {@link Embedder} calls cannot give this deployment's vectors: it cannot be reached, answers
 * errors, or runs another model than the configured one. The message is a sentence for the user that names the server
 * and the setting to check ({@code TRANSFORMERS_INFERENCE_API}, {@code KH_EMBEDDINGS_MODEL}); it becomes a failed
 * job's {@code error_message} and the detail of a search's 503 answer. An {@link IllegalStateException}, which is what
 * the port documents for a model that cannot embed.
 */
public class EmbeddingServerException extends IllegalStateException {

    public EmbeddingServerException(String message) {
        super(message);
    }

    public EmbeddingServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
