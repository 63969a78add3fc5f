package io.knowledgehub.indexer.job;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.indexer.chunk.Chunker;
import io.knowledgehub.indexer.chunk.ChunkerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.OptionalInt;

/** Indexing settings ({@code kh.indexer.*}). */
@ConfigMapping(prefix = "kh.indexer")
public interface IndexerConfig {

    /** Documents chunked and embedded together (one embedding call, one database transaction each). */
    @WithDefault("16")
    int batchDocuments();

    /**
     * Compare the index with the database when the app starts and repair what differs (entries of removed documents
     * or old versions deleted, documents the index lacks indexed again). Only for an index this process can list
     * (the standalone Lucene index).
     */
    @WithDefault("true")
    boolean reconcileOnStart();

    /**
     * How often the indexer applies the index outbox (the index changes other processes asked for: pages a crawl
     * found gone, deleted sources, posted chunks, a rebuild's reset). In the same process they are applied at once.
     */
    @WithName("outbox-interval")
    @WithDefault("1s")
    Duration outboxInterval();

    /**
     * After this long without a write, the indexer merges the search index's segments into one, where that is worth
     * it ({@link IdleIndexMerge}): searches then read one segment instead of several. 0 turns it off.
     */
    @WithName("merge-after-idle")
    @WithDefault("30s")
    Duration mergeAfterIdle();

    /** Chunk sizes, in word pieces of the embedding model; unset ones follow from the model's window. */
    Chunking chunking();

    /** The chunker indexing uses with this embedder: sized for its window with these settings, measuring with its tokenizer. */
    default Chunker chunker(Embedder embedder) {
        return new Chunker(embedder::countTokens, chunking().apply(ChunkerSettings.forMaxTokens(embedder.maxTokens())));
    }

    interface Chunking {

        /** Chunks are filled up to this many word pieces (default: 25/32 of the window, 200 for MiniLM). */
        @WithName("target-tokens")
        OptionalInt targetTokens();

        /** Trailing sentences repeated at the start of the next chunk of a split section, at most this many. */
        @WithName("overlap-tokens")
        OptionalInt overlapTokens();

        /** Sections below this are merged with a neighbour under the same heading. */
        @WithName("min-tokens")
        OptionalInt minTokens();

        /** The model-derived defaults with these settings applied; an impossible combination is a clear error. */
        default ChunkerSettings apply(ChunkerSettings defaults) {
            ChunkerSettings s = defaults;
            int target = targetTokens().orElse(s.targetTokens());
            int min = minTokens().orElse(Math.min(s.minTokens(), target));
            int overlap = overlapTokens().orElse(Math.min(s.overlapTokens(), target / 2));
            try {
                return new ChunkerSettings(s.maxTokens(), target, overlap, min, s.contextPrefix());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kh.indexer.chunking: " + e.getMessage(), e);
            }
        }
    }
}
