/**
 * RAG jobs: {@link io.knowledgehub.indexer.job.IndexJobHandler} chunks, embeds and indexes a source's pending
 * documents; {@link io.knowledgehub.indexer.job.IndexStore} is its view of the database.
 */
package io.knowledgehub.indexer.job;
