/**
 * The api's own health components (the api process, the search index, the embedding model); the
 * {@code /health} resource and the shared checks are in {@code io.knowledgehub.service.health}.
 */
package io.knowledgehub.api.health;
