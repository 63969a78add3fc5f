/**
 * RAG jobs: {@link io.knowledgehub.indexer.job.IndexJobHandler} chunks, embeds and indexes a source's pending
 * documents through the {@link io.knowledgehub.indexer.job.IndexPipeline}, embedding only text whose vector is not
 * already stored; {@link io.knowledgehub.indexer.job.IndexStore} is its view of the database;
 * {@link io.knowledgehub.indexer.job.IndexReconcile} brings the index back into agreement with the database after a
 * crash (at start-up, {@link io.knowledgehub.indexer.job.ReconcileOnStart}, and on demand).
 */
package io.knowledgehub.indexer.job;
