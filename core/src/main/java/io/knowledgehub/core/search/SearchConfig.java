package io.knowledgehub.core.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/** Search settings ({@code kh.search.*}). */
@ConfigMapping(prefix = "kh.search")
public interface SearchConfig {

    /** The defaults, also for programs that build the search service without the configuration system. */
    String DEFAULT_VECTOR_QUANTIZATION = "int8-only";
    String DEFAULT_CANDIDATES = "400";
    String DEFAULT_SEMANTIC_WEIGHT = "0.6";
    String DEFAULT_SENTENCE_SEMANTIC_WEIGHT = "0.8";
    String DEFAULT_SEMANTIC_FLOOR = "0.15";
    String DEFAULT_SEMANTIC_CEILING = "0.70";
    String DEFAULT_SNIPPET_WORDS = "40";
    String DEFAULT_MIN_SCORE = "0.01";

    /** How long a search answer is reused (the spec's SEARCH_CACHE_TTL, in seconds); 0 turns the cache off. */
    @WithDefault("${SEARCH_CACHE_TTL:3600}")
    long cacheTtlSeconds();

    /** Answers kept in the cache at most. */
    @WithDefault("10000")
    long cacheSize();

    /** Chunks each retrieval contributes before fusion and grouping by page. */
    @WithDefault(DEFAULT_CANDIDATES)
    int candidates();

    /** Share of the semantic side in hybrid scores (0..1). */
    @WithDefault(DEFAULT_SEMANTIC_WEIGHT)
    double semanticWeight();

    /**
     * Share of the semantic side in hybrid scores for a query that reads like a sentence or question rather than
     * search terms; queries in between get a share between the two (see {@code QueryShape}).
     */
    @WithDefault(DEFAULT_SENTENCE_SEMANTIC_WEIGHT)
    double sentenceSemanticWeight();

    /** Cosine similarity that maps to relevance 0 (model-specific calibration). */
    @WithDefault(DEFAULT_SEMANTIC_FLOOR)
    double semanticFloor();

    /** Cosine similarity that maps to relevance 1. */
    @WithDefault(DEFAULT_SEMANTIC_CEILING)
    double semanticCeiling();

    /**
     * Results scoring below this relevance are left out: a page with no query word whose meaning is no closer than
     * the semantic floor is not an answer, however few results there are.
     */
    @WithDefault(DEFAULT_MIN_SCORE)
    double minScore();

    /**
     * Heap in MiB the standalone search index (or a cluster api's reader of the shared Lucene index) may use to keep
     * chunks it decoded from its stored fields, so that the candidates of later searches are not decompressed again;
     * 0 turns it off. Unset: a third of the JVM's maximum heap ({@link #decodedChunksBytes}; 200 MiB with
     * {@code ./kh start}'s 600 MiB).
     */
    OptionalInt decodedChunksMb();

    /** Share of the maximum heap the decoded chunks may take when {@link #decodedChunksMb} is unset. */
    int DECODED_CHUNKS_HEAP_DIVISOR = 3;

    /**
     * The decoded chunks' budget in bytes: {@link #decodedChunksMb}, or a third of the maximum heap. The more of the
     * chunks searches read it holds, the fewer are decompressed again: over HTTP at 103,350 chunks 200 MiB (most of
     * them) served 1.12 times the searches a second of the former fixed 64 MiB (six pairs) with a tenth less CPU a
     * search, and at a million 1.26 times (four pairs) (docs/benchmarks.md). The heap is what bounds it, so it follows
     * the heap.
     */
    static long decodedChunksBytes(OptionalInt mb) {
        if (mb.isEmpty()) {
            return Runtime.getRuntime().maxMemory() / DECODED_CHUNKS_HEAP_DIVISOR;
        }
        if (mb.getAsInt() < 0) {
            throw new IllegalArgumentException("kh.search.decoded-chunks-mb (KH_SEARCH_DECODED_CHUNKS_MB) must be 0 (off) or more, not "
                    + mb.getAsInt());
        }
        return (long) mb.getAsInt() << 20;
    }

    /**
     * How the standalone search index stores the vectors its graph searches: {@code int8-only} (8 bits per dimension
     * and nothing else: searched, scored and merged with those), {@code none} (32-bit floats), {@code int8} or
     * {@code int4} (Lucene's scalar quantization; the float vectors stay on disk beside them for rescoring and
     * merges). An index keeps the kind it holds (8-bit only, or floats) until a rebuild empties it; between
     * {@code none}, {@code int8} and {@code int4} a change applies to segments written from then on. int8-only by
     * default: it kept nDCG@10 of all three search types within 0.003 of the float index on the evaluation and a
     * million chunks took 0.92 GiB on disk where int8 beside the floats took 2.4 (docs/benchmarks.md).
     */
    @WithDefault(DEFAULT_VECTOR_QUANTIZATION)
    String vectorQuantization();

    /**
     * Searches worked on at once; further ones wait their turn, in the order they came; 0 sets no bound. Unset: twice
     * the processors the JVM may use (a hybrid search runs its two sides on two threads, and asks the database).
     * Without a bound, as many searches as requests share the cores and each takes longer, a slow one much longer; in
     * turns the same throughput has a shorter tail (measured in docs/benchmarks.md). The cluster's api sets 0: its
     * searches also wait on the network (the embedding service, Weaviate), when a turn would leave the CPU idle.
     */
    OptionalInt concurrency();

    /** Words in a result snippet. */
    @WithDefault(DEFAULT_SNIPPET_WORDS)
    int snippetWords();

    default Duration cacheTtl() {
        return Duration.ofSeconds(cacheTtlSeconds());
    }

    /**
     * The defaults with the cache off, for programs that build the search service without the configuration system
     * (benchmarks, tests).
     */
    static SearchConfig uncached(int candidates, int decodedChunksMb, String vectorQuantization) {
        return new SearchConfig() {
            public long cacheTtlSeconds() { return 0; }
            public long cacheSize() { return 1; }
            public int candidates() { return candidates; }
            public double semanticWeight() { return Double.parseDouble(DEFAULT_SEMANTIC_WEIGHT); }
            public double sentenceSemanticWeight() { return Double.parseDouble(DEFAULT_SENTENCE_SEMANTIC_WEIGHT); }
            public double semanticFloor() { return Double.parseDouble(DEFAULT_SEMANTIC_FLOOR); }
            public double semanticCeiling() { return Double.parseDouble(DEFAULT_SEMANTIC_CEILING); }
            public double minScore() { return Double.parseDouble(DEFAULT_MIN_SCORE); }
            public int snippetWords() { return Integer.parseInt(DEFAULT_SNIPPET_WORDS); }
            public OptionalInt decodedChunksMb() { return OptionalInt.of(decodedChunksMb); }
            public String vectorQuantization() { return vectorQuantization; }
            public OptionalInt concurrency() { return OptionalInt.empty(); }
        };
    }
}
