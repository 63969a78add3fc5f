package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.core.embed.Embedder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link Embedder} running a bundled BERT-style model in-process with ONNX Runtime. Built by
 * {@link EmbeddingModels#create}; close it to free the model and its worker threads.
 *
 * <p>{@code embedAll} tokenizes on the caller's thread, sorts the texts by length so each batch pads little, cuts
 * batches by count and by padded tokens, and hands them to a fixed pool of {@link EmbedderSettings#workers()}
 * threads shared by all callers. A text's
 * vector does not depend on which batch it lands in beyond float rounding (padding is masked out). A network whose
 * weight products were rewritten to 8-bit integers ({@link #int8Products()}) runs one text per run: its activations
 * are quantized on the range of the whole run.
 *
 * <p>Search queries have a lane of their own on the same workers: a query's run goes ahead of every passage batch
 * still waiting (a search during a large indexing job waits for at most one running batch per worker, not for the
 * job's queue), and queries that arrive together run as one batch (short texts embed up to 1.8x faster per
 * CPU-second in batches), so concurrent searches share the model's work (one query a run for a network with int8
 * products).
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ModelDescriptor descriptor;
    private final BatchEncoder encoder;
    private final TokenCounter counter;
    private final ThreadPoolExecutor workers;
    private final ConcurrentLinkedQueue<PendingQuery> pendingQueries = new ConcurrentLinkedQueue<>();
    private final AtomicLong submitted = new AtomicLong();
    private final int batchSize;
    private final int batchTokens;
    private final int int8Products;

    OnnxEmbedder(ModelDescriptor descriptor, BatchEncoder encoder, TokenCounter counter, EmbedderSettings settings,
                 int int8Products) {
        this.descriptor = descriptor;
        this.int8Products = int8Products;
        this.encoder = encoder;
        this.counter = counter;
        // a network with int8 products quantizes each run's activations on one range (Int8MatMuls), so a text's
        // vector would depend on the texts and padding beside it: such a network runs one text at a time, which on
        // 2 cores was also faster than batches (208 against 183 chunks/s on the PostgreSQL manual: no padding)
        this.batchSize = int8Products > 0 ? 1 : settings.batchSize();
        this.batchTokens = settings.batchTokens();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), workerThreads(descriptor.name()));
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

    /** How many of the network's weight products run in 8-bit integers ({@link Int8MatMuls}); 0 as shipped. */
    public int int8Products() {
        return int8Products;
    }

    /**
     * The model name and dimension, and {@code /int8} where the weight products were rewritten to 8-bit integers:
     * such vectors differ from the network's own (cosine about 0.997), so neither stands in for the other.
     */
    @Override
    public String modelKey() {
        return Embedder.super.modelKey() + (int8Products > 0 ? "/int8" : "");
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
        if (workers.isShutdown()) {
            throw new IllegalStateException("embedder " + descriptor.name() + " is closed");
        }
        PendingQuery pending = new PendingQuery(encoder.tokenize(descriptor.queryPrefix() + query),
                new CompletableFuture<>());
        pendingQueries.add(pending);
        try {
            workers.execute(new Run<>(Run.QUERY, submitted.getAndIncrement(), () -> {
                embedPendingQueries();
                return null;
            }));
        } catch (RejectedExecutionException e) {
            pendingQueries.remove(pending);
            throw new IllegalStateException("embedder " + descriptor.name() + " is closed", e);
        }
        try {
            return pending.vector().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Embeds the queries waiting now, as batches cut like passage batches. Each query submits one of these runs, so a
     * query is embedded by its own run or by an earlier one that found it waiting; a run that finds none returns.
     */
    private void embedPendingQueries() {
        List<PendingQuery> waiting = new ArrayList<>();
        for (PendingQuery p; waiting.size() < batchSize && (p = pendingQueries.poll()) != null; ) {
            waiting.add(p);
        }
        if (waiting.isEmpty()) {
            return;
        }
        List<long[]> tokens = waiting.stream().map(PendingQuery::tokens).toList();
        for (List<Integer> batch : batches(tokens)) {
            try {
                float[][] vectors = encoder.embed(batch.stream().map(tokens::get).toList());
                for (int j = 0; j < batch.size(); j++) {
                    waiting.get(batch.get(j)).vector().complete(vectors[j]);
                }
            } catch (RuntimeException | Error e) {
                batch.forEach(i -> waiting.get(i).vector().completeExceptionally(e));
            }
        }
    }

    /** Runs queued on the workers and not started yet. */
    int waitingRuns() {
        return workers.getQueue().size();
    }

    private record PendingQuery(long[] tokens, CompletableFuture<float[]> vector) {
    }

    /** A task on the workers: queries first, then passage batches, each kind in the order submitted. */
    private static final class Run<T> extends FutureTask<T> implements Comparable<Run<?>> {
        static final int QUERY = 0;
        static final int PASSAGES = 1;
        private final int lane;
        private final long order;

        Run(int lane, long order, Callable<T> work) {
            super(work);
            this.lane = lane;
            this.order = order;
        }

        @Override
        public int compareTo(Run<?> other) {
            return lane != other.lane ? Integer.compare(lane, other.lane) : Long.compare(order, other.order);
        }
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
                Run<float[][]> run = new Run<>(Run.PASSAGES, submitted.getAndIncrement(), () -> encoder.embed(input));
                workers.execute(run);
                futures.add(run);
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
