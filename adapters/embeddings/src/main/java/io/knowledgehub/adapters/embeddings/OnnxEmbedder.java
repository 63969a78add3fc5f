package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.core.embed.Embedder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Embedder} running a bundled BERT-style model in-process with ONNX Runtime. Built by
 * {@link EmbeddingModels#create}; close it to free the model and its worker threads.
 *
 * <p>{@code embedAll} tokenizes on the caller's thread, sorts the texts by length so each batch pads little, cuts
 * batches by count and by padded tokens, and hands them to a fixed pool of {@link EmbedderSettings#workers()}
 * threads shared by all callers. A text's
 * vector does not depend on which batch it lands in beyond float rounding (padding is masked out).
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ModelDescriptor descriptor;
    private final BatchEncoder encoder;
    private final TokenCounter counter;
    private final ExecutorService workers;
    private final int batchSize;
    private final int batchTokens;

    OnnxEmbedder(ModelDescriptor descriptor, BatchEncoder encoder, TokenCounter counter, EmbedderSettings settings) {
        this.descriptor = descriptor;
        this.encoder = encoder;
        this.counter = counter;
        this.batchSize = settings.batchSize();
        this.batchTokens = settings.batchTokens();
        this.workers = Executors.newFixedThreadPool(settings.workers(), workerThreads(descriptor.name()));
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String modelName() {
        return descriptor.name();
    }

    @Override
    public int dimension() {
        return descriptor.dimension();
    }

    @Override
    public int maxTokens() {
        return descriptor.maxTokens();
    }

    @Override
    public int countTokens(String text) {
        return counter.count(text);
    }

    /**
     * The vector of a search query: the text behind the model's {@link ModelDescriptor#queryPrefix()} (BGE wants
     * "Represent this sentence for searching relevant passages: "). Passages go through {@link #embedAll}
     * unprefixed. For symmetric models such as MiniLM this equals {@link #embed}.
     */
    public float[] embedQuery(String query) {
        return embed(descriptor.queryPrefix() + query);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (workers.isShutdown()) {
            throw new IllegalStateException("embedder " + descriptor.name() + " is closed");
        }
        int n = texts.size();
        List<long[]> tokens = new ArrayList<>(n);
        for (String text : texts) {
            tokens.add(encoder.tokenize(text));
        }
        List<List<Integer>> batches = batches(tokens);
        List<Future<float[][]>> futures = new ArrayList<>(batches.size());
        for (List<Integer> batch : batches) {
            List<long[]> input = batch.stream().map(tokens::get).toList();
            try {
                futures.add(workers.submit(() -> encoder.embed(input)));
            } catch (RejectedExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("embedder " + descriptor.name() + " is closed", e);
            }
        }
        float[][] vectors = new float[n][];
        try {
            for (int b = 0; b < batches.size(); b++) {
                float[][] result = futures.get(b).get();
                List<Integer> batch = batches.get(b);
                for (int j = 0; j < batch.size(); j++) {
                    vectors[batch.get(j)] = result[j];
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
        }
        return List.of(vectors);
    }

    /** Text positions grouped into batches: longest first, cut by count and by padded tokens. */
    private List<List<Integer>> batches(List<long[]> tokens) {
        int n = tokens.size();
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> tokens.get(i).length).reversed());
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0, to; from < n; from = to) {
            int longest = tokens.get(order.get(from)).length;
            to = Math.min(n, from + Math.max(1, Math.min(batchSize, batchTokens / longest)));
            batches.add(order.subList(from, to));
        }
        return batches;
    }

    /**
     * Waits for running batches, then frees the native model and tokenizers. Call it when no thread is inside
     * {@code embedAll} or {@code countTokens} any more (application shutdown).
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        encoder.close();
    }

    /** Daemon threads: an embedder nobody closed must not keep the JVM alive. */
    private static ThreadFactory workerThreads(String model) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "embed-" + model + "-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
