package io.knowledgehub.indexer.chunk;

/**
 * Sizes for {@link Chunker}, all in word pieces of the embedding model.
 *
 * @param maxTokens     hard limit: no chunk's content (nor its embed text) is longer; the model's window
 * @param targetTokens  chunks are filled up to this; the gap to the max leaves room for the context prefix and for
 *                      a code block or section that is only a little longer, which is kept whole
 * @param overlapTokens trailing sentences of a chunk repeated at the start of the next one when a section is
 *                      split, at most this many tokens (0 = none); keeps a statement and its context together
 * @param minTokens     below this a section is "small": it is merged with a neighbour under the same parent
 *                      heading, and a split section's short tail joins the previous chunk
 * @param contextPrefix whether {@link Chunk#embedText()} starts with the title and heading path
 */
public record ChunkerSettings(int maxTokens, int targetTokens, int overlapTokens, int minTokens,
                              boolean contextPrefix) {

    public ChunkerSettings {
        if (maxTokens < 16) {
            throw new IllegalArgumentException("maxTokens must be at least 16, was " + maxTokens);
        }
        if (targetTokens < 1 || targetTokens > maxTokens) {
            throw new IllegalArgumentException("targetTokens must be 1.." + maxTokens + ", was " + targetTokens);
        }
        if (overlapTokens < 0 || overlapTokens > targetTokens / 2) {
            throw new IllegalArgumentException("overlapTokens must be 0.." + targetTokens / 2 + ", was "
                    + overlapTokens);
        }
        if (minTokens < 0 || minTokens > targetTokens) {
            throw new IllegalArgumentException("minTokens must be 0.." + targetTokens + ", was " + minTokens);
        }
    }

    /**
     * Defaults derived from the model window: for MiniLM's 256, target 128, overlap 48 (one or two sentences of
     * documentation prose), small below 64, context prefix on. The target is half the window: sentence-embedding
     * models are trained mostly on short passages, and a chunk about one thing embeds closer to a question about
     * that thing than a chunk that also covers its neighbours (on the PostgreSQL evaluation, targets of 96 to 128
     * gave semantic and hybrid nDCG@10 about 0.01 above 200). The room left in the window holds the context prefix
     * and sections that are a little longer than the target but are kept whole.
     */
    public static ChunkerSettings forMaxTokens(int maxTokens) {
        return new ChunkerSettings(maxTokens, maxTokens / 2, maxTokens * 3 / 16, maxTokens / 4, true);
    }

    public ChunkerSettings withTargetTokens(int targetTokens) {
        return new ChunkerSettings(maxTokens, targetTokens, overlapTokens, minTokens, contextPrefix);
    }

    public ChunkerSettings withOverlapTokens(int overlapTokens) {
        return new ChunkerSettings(maxTokens, targetTokens, overlapTokens, minTokens, contextPrefix);
    }

    public ChunkerSettings withMinTokens(int minTokens) {
        return new ChunkerSettings(maxTokens, targetTokens, overlapTokens, minTokens, contextPrefix);
    }

    public ChunkerSettings withContextPrefix(boolean contextPrefix) {
        return new ChunkerSettings(maxTokens, targetTokens, overlapTokens, minTokens, contextPrefix);
    }
}
