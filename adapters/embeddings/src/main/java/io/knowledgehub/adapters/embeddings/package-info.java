/**
 * In-process embeddings: the {@link io.knowledgehub.core.embed.Embedder} port on ONNX Runtime, with the models
 * and tokenizer files that ship in the langchain4j model jars (no download at run time).
 *
 * <p>Entry points: {@link io.knowledgehub.adapters.embeddings.EmbeddingModels} (catalog: ids, descriptors,
 * {@code create}, {@code tokenCounter}), {@link io.knowledgehub.adapters.embeddings.OnnxEmbedder} (the
 * embedder; {@code embedQuery} adds a model's query instruction) and
 * {@link io.knowledgehub.adapters.embeddings.EmbedderSettings} (workers, batch size, intra-op threads, native
 * library directory). No ONNX or DJL type leaves this package.
 */
package io.knowledgehub.adapters.embeddings;
