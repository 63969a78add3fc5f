package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.EmbeddingPrecision;

import java.nio.file.Path;

/**
 * How an {@link OnnxEmbedder} uses the machine.
 *
 * <p>The defaults run one worker per core, each with ONNX Runtime's intra-op parallelism switched off: on small
 * machines the runtime's own thread pool over-subscribes the cores (and spins), while independent batches on
 * single-threaded workers keep every core busy. Measured on 2 cores with MiniLM at 256 tokens: +20% chunks/s on
 * an idle machine, and about twice the throughput per CPU-second when other processes compete for the cores
 * (see the module README).
 *
 * @param workers        threads that run batches; all callers of one embedder share them, so this bounds the
 *                       cores the model uses however many threads call {@code embedAll}
 * @param batchSize      at most this many texts per model run; texts are sorted by length first so a batch pads
 *                       little (a network with int8 products runs one text a run whatever this says)
 * @param batchTokens    at most this many (padded) tokens per model run, so long texts run in small batches:
 *                       on CPU, batching speeds up short texts but slows down long ones once the activations
 *                       outgrow the cache (measured per CPU-second on 2 cores: 20-token texts 1.8x faster in
 *                       batches of 16, 230-token texts 20% slower; about 512 tokens per run was best for both)
 * @param intraOpThreads ONNX Runtime threads inside one run; 1 = on the worker's own thread, 0 = the runtime's
 *                       default (one per physical core)
 * @param nativeDir      directory this process owns where native libraries (ONNX Runtime, the tokenizer) are
 *                       unpacked, instead of the home directory and the shared temp dir
 * @param precision      how the weight products run ({@link Int8MatMuls} for {@link EmbeddingPrecision#INT8};
 *                       {@link EmbeddingModels#effectivePrecision} decides {@link EmbeddingPrecision#AUTO})
 */
public record EmbedderSettings(int workers, int batchSize, int batchTokens, int intraOpThreads, Path nativeDir,
                               EmbeddingPrecision precision) {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_BATCH_TOKENS = 512;

    public EmbedderSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (batchTokens < 1) {
            throw new IllegalArgumentException("batchTokens must be at least 1, was " + batchTokens);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (runtime default) or more, was "
                    + intraOpThreads);
        }
        if (nativeDir == null) {
            throw new IllegalArgumentException("nativeDir is required");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
    }

    /** Defaults with native libraries under {@code java.io.tmpdir/knowledgehub/native}. */
    public static EmbedderSettings defaults() {
        return defaults(Path.of(System.getProperty("java.io.tmpdir"), "knowledgehub"));
    }

    /** Defaults with native libraries under {@code dataDir/native}. */
    public static EmbedderSettings defaults(Path dataDir) {
        return new EmbedderSettings(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_TOKENS, 1, dataDir.resolve("native"), EmbeddingPrecision.AUTO);
    }

    public EmbedderSettings withWorkers(int workers) {
        return new EmbedderSettings(workers, batchSize, batchTokens, intraOpThreads, nativeDir, precision);
    }

    public EmbedderSettings withBatchSize(int batchSize) {
        return new EmbedderSettings(workers, batchSize, batchTokens, intraOpThreads, nativeDir, precision);
    }

    public EmbedderSettings withBatchTokens(int batchTokens) {
        return new EmbedderSettings(workers, batchSize, batchTokens, intraOpThreads, nativeDir, precision);
    }

    public EmbedderSettings withIntraOpThreads(int intraOpThreads) {
        return new EmbedderSettings(workers, batchSize, batchTokens, intraOpThreads, nativeDir, precision);
    }

    public EmbedderSettings withPrecision(EmbeddingPrecision precision) {
        return new EmbedderSettings(workers, batchSize, batchTokens, intraOpThreads, nativeDir, precision);
    }
}
