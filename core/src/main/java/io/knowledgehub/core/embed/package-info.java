/** The {@link io.knowledgehub.core.embed.Embedder} port; in-process ONNX models live in the embeddings adapter. */
package io.knowledgehub.core.embed;
