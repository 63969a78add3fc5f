/** {@code /api/v1/embeddings} and {@code /api/v1/models}; {@link io.knowledgehub.api.embed.EmbedderRegistry} loads each shipped model once. */
package io.knowledgehub.api.embed;
