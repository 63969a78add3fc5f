package io.knowledgehub.cluster;

import io.knowledgehub.core.embed.Embedder;

/**
 * The configured model run inside this process. A bean only in the packagings that carry ONNX Runtime and the model
 * jars (module {@code cluster/embed-in-process}); the lean packagings, which embed through the inference server, have
 * none.
 */
public interface InProcessModel {

    /** The configured model ({@code KH_EMBEDDINGS_MODEL}), loaded on first call. */
    Embedder active();
}
