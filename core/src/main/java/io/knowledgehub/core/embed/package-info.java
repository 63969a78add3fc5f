/**
 * The {@link io.knowledgehub.core.embed.Embedder} port (in-process ONNX models live in the embeddings adapter), and the
 * {@link io.knowledgehub.core.embed.EmbeddingCache} of vectors kept for reuse, in the database
 * ({@link io.knowledgehub.core.embed.DatabaseEmbeddingCache}).
 */
package io.knowledgehub.core.embed;
