/**
 * {@code /api/v1/embeddings} and {@code /api/v1/models}; the t2v-transformers inference API ({@code POST /vectors},
 * {@code GET /meta}, {@code GET /.well-known/ready}) so that the api can serve embeddings to other processes. All of
 * them through core's {@link io.knowledgehub.core.embed.ModelRegistry} port (each shipped model loaded once), which the
 * in-process embeddings adapter implements. Built only where the in-process model is packaged: the lean cluster build
 * ({@code -Dkh.embeddings=http}, build property {@code kh.embeddings.in-process=false}) leaves these resources out.
 */
package io.knowledgehub.api.embed;
