/**
 * In-process embeddings: the {@link io.knowledgehub.core.embed.Embedder} port on ONNX Runtime, with the networks
 * that ship in the langchain4j model jars (no download at run time) and the tokenizers of
 * {@link io.knowledgehub.adapters.embeddings.catalog.ModelCatalog}.
 *
 * <p>Entry points: {@link io.knowledgehub.adapters.embeddings.EmbeddingModels} ({@code create}; descriptors and
 * token counters delegate to the catalog), {@link io.knowledgehub.adapters.embeddings.OnnxEmbedder} (the
 * embedder; {@code embedQuery} adds a model's query instruction) and
 * {@link io.knowledgehub.adapters.embeddings.EmbedderSettings} (workers, batch size, intra-op threads, native
 * library directory); {@link io.knowledgehub.adapters.embeddings.EmbedderRegistry} is core's
 * {@link io.knowledgehub.core.embed.ModelRegistry} port over them. No ONNX or DJL type leaves this package.
 */
package io.knowledgehub.adapters.embeddings;
