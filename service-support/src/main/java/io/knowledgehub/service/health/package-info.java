/**
 * {@code /health} and {@code /health/{component}} for every KnowledgeHub service: one
 * {@link io.knowledgehub.service.health.ComponentCheck} bean per component, reported when
 * {@link io.knowledgehub.service.health.ComponentCheck#inUse()}. The database, job queue and crawl-worker checks are
 * here; each app adds its own (api, search index, embeddings, redis, weaviate, indexer, scheduler).
 */
package io.knowledgehub.service.health;
