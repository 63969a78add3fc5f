/**
 * Chunking: the crawler's structured text (headings, blocks, fenced code) into chunks that fit the embedding
 * model's window, with heading paths, anchors, content hashes and derived ids. Pure functions over values.
 *
 * <p>Entry points: {@link io.knowledgehub.indexer.chunk.Chunker} with
 * {@link io.knowledgehub.indexer.chunk.ChunkerSettings}, producing
 * {@link io.knowledgehub.indexer.chunk.Chunk}s; {@link io.knowledgehub.core.search.ChunkIds} for ids and
 * content hashes.
 */
package io.knowledgehub.indexer.chunk;
