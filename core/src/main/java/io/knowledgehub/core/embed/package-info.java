/**
 * The {@link io.knowledgehub.core.embed.Embedder} port (in-process ONNX models live in the embeddings adapter, the
 * inference-server client in the embeddings-http adapter), the {@link io.knowledgehub.core.embed.ModelRegistry} port
 * of the models a deployment runs in process, by name (the embeddings API and the inference server endpoints), and the
 * {@link io.knowledgehub.core.embed.EmbeddingCache} of vectors kept for reuse, in the database
 * ({@link io.knowledgehub.core.embed.DatabaseEmbeddingCache}).
 */
package io.knowledgehub.core.embed;
