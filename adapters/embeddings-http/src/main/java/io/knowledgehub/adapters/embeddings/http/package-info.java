/**
 * The {@link io.knowledgehub.core.embed.Embedder} port over HTTP, on an inference server that speaks the API of
 * Weaviate's t2v-transformers images ({@code POST /vectors}, {@code GET /meta}, {@code GET /.well-known/ready}):
 * {@link io.knowledgehub.adapters.embeddings.http.TransformersEmbedder}. The KnowledgeHub api serves the same API.
 */
package io.knowledgehub.adapters.embeddings.http;
