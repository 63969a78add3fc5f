/**
 * The api's own health component (the api process); the search index and the embedding model are checked by
 * {@code io.knowledgehub.cluster.IndexHealth}, as in the indexer service, and the {@code /health} resource and the
 * shared checks are in {@code io.knowledgehub.service.health}.
 */
package io.knowledgehub.api.health;
