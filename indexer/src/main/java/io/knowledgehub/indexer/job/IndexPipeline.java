package io.knowledgehub.indexer.job;

import io.knowledgehub.core.Futures;
import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingCache;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Chunk → embed → write, a batch of documents at a time, with the model kept busy: while the calling thread
 * embeds batch N, one helper thread writes batch N−1 (index and store) and chunks batch N+1; the first batch's
 * write goes before the second batch is read (the one chunking of a run that no embedding overlaps), and a run that
 * stops after its first batch reads no second. Embedding is
 * nearly all the work, so the pipeline runs close to the raw model's speed. Each write is committed to the index
 * before its documents are marked indexed, so a crash loses at most the batches in flight. A batch the model had to
 * embed is written at once; batches whose vectors were all known are held and written together, for up to
 * {@link #WRITE_INTERVAL_NANOS} ({@link #MAX_PAGES_PER_WRITE} pages at most).
 *
 * <p>Only text the model has not embedded before is embedded: with an {@link EmbeddingCache} that is on, the helper
 * looks a batch's embed texts up (by SHA-256, under the embedder's {@link Embedder#modelKey()}) right after chunking
 * it, the calling thread embeds only the texts found neither there nor among the fresh vectors of earlier batches
 * not yet stored when the lookup ran, each distinct text once, and the helper stores the fresh vectors with the batch.
 * A refreshed page thus embeds only its changed chunks, pages sharing a chunk embed it once, and a rebuild with the
 * same model embeds nothing.
 */
public final class IndexPipeline {

    private static final Logger LOG = Logger.getLogger(IndexPipeline.class);

    private final Chunker chunker;
    private final Embedder embedder;
    private final SearchIndex index;
    private final Lock writeLock;
    private final EmbeddingCache cache;

    /** A pipeline that is the index's only writer and embeds every chunk. */
    public IndexPipeline(Chunker chunker, Embedder embedder, SearchIndex index) {
        this(chunker, embedder, index, new ReentrantLock(), EmbeddingCache.NONE);
    }

    /**
     * @param writeLock held from a batch's index writes until its documents are marked (see {@link IndexWriteLock})
     * @param cache     vectors to reuse, and where fresh ones are kept ({@link EmbeddingCache#NONE}: embed every chunk)
     */
    public IndexPipeline(Chunker chunker, Embedder embedder, SearchIndex index, Lock writeLock, EmbeddingCache cache) {
        this.chunker = chunker;
        this.embedder = embedder;
        this.index = index;
        this.writeLock = writeLock;
        this.cache = cache;
    }

    /** Where a written document goes next (the database in the product); false: it changed meanwhile, skip it. */
    public interface Store {
        boolean saveIndexed(IndexablePage doc, List<Chunk> chunks);

        void markFailed(IndexablePage doc, Exception e);

        /** The document was not saved: drop its index entries (durably) if it no longer exists. */
        void notSaved(IndexablePage doc);
    }

    /** Counters of one run; read them after {@link #run} returns. */
    public static final class Stats {
        public int documents;
        public int failed;
        public int chunks;
        /** Texts the model embedded, each distinct text once. */
        public int embedded;
        /** Chunks whose vector was already known: stored, or embedded for another chunk of this run. */
        public int reused;
        public long embedNanos;
    }

    /**
     * A chunked batch: its chunks by document, their embed texts in the same order, and, when reuse is on, the texts'
     * hashes and the vectors found stored for them.
     */
    private record Chunked(Map<IndexablePage, List<Chunk>> chunks, List<String> texts, List<String> hashes,
                           Map<String, float[]> found) {
    }

    /** A batch's vectors, one per chunk in order, and those the model just made (by text hash) for the store. */
    private record Vectors(List<float[]> byChunk, Map<String, float[]> fresh) {
    }

    /** A batch ready to be written. */
    private record Ready(Chunked chunked, Vectors vectors) {
    }

    /**
     * Batches whose vectors were all known (a rebuild, a refresh that changed little) are written together for up to
     * this long: one index write, one commit and one new segment instead of one per batch of 16 pages, which merges
     * would copy and link into the HNSW graph again. A batch that needed the model is written at once, with any
     * batches held before it, and held batches never wait for the model.
     */
    public static final long WRITE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most pages written together. */
    public static final int MAX_PAGES_PER_WRITE = 512;

    /**
     * Texts embedded at a time when a batch holds more (one very large page makes thousands; a batch of ordinary pages
     * a few hundred, embedded in one go): between slices the run asks whether to stop now, so a cancel, a deletion or a
     * stopping process waits for one slice (20-40 s on 2 cores) rather than for the whole batch.
     */
    static final int EMBED_SLICE = 2048;

    /** {@link #EMBED_SLICE}, or smaller for a test. */
    int embedSlice = EMBED_SLICE;

    /** A stop asked for between two slices of a batch's embedding: the batch is given up (its pages stay pending). */
    private static final class StoppedWhileEmbedding extends RuntimeException {
        StoppedWhileEmbedding() {
            super(null, null, false, false);
        }
    }

    /**
     * @param nextBatch  the next documents to index, empty when done; called on the calling thread
     * @param keepGoing  asked after each batch (progress report, cancellation); false stops after that batch
     */
    public Stats run(Supplier<List<IndexablePage>> nextBatch, Store store, BooleanSupplier keepGoing) {
        return run(nextBatch, store, keepGoing, () -> false);
    }

    /**
     * @param stopNow asked between slices of {@link #EMBED_SLICE} texts of a batch being embedded: true gives the batch
     *                up and ends the run (what was written before stays)
     */
    public Stats run(Supplier<List<IndexablePage>> nextBatch, Store store, BooleanSupplier keepGoing, BooleanSupplier stopNow) {
        Stats stats = new Stats();
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("index-writer").daemon().unstarted(r));
        try {
            CompletableFuture<Chunked> next = chunkNext(nextBatch, store, stats, helper);
            long nextChunkedAfter = 0;
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            Held held = new Held();
            List<Unstored> unstored = new ArrayList<>();
            long writes = 0;
            long lastWrite = 0;
            while (true) {
                Chunked current = Futures.joined(next);
                long chunkedAfter = nextChunkedAfter;
                if (current.chunks().isEmpty() && current.texts().isEmpty()) {
                    break;
                }
                // the first batch's write is queued on the helper before the next batch is read and chunked there, so
                // its pages are searchable without waiting for that chunking (what a crawl's first pages wait for)
                boolean firstBatch = writes == 0; // a run's first batch is always written at once
                if (!firstBatch) {
                    next = chunkNext(nextBatch, store, stats, helper);
                    nextChunkedAfter = writes;
                }
                // the writes queued before this batch was chunked stored their vectors where its lookup found them
                unstored.removeIf(u -> u.write <= chunkedAfter);
                Map<String, float[]> previous = new HashMap<>();
                unstored.forEach(u -> previous.putAll(u.fresh));
                boolean needsModel = needsModel(current, previous);
                if (!held.isEmpty() && needsModel) {
                    // held batches do not wait for the model
                    Futures.joined(writing);
                    writing = submit(held.take(), ++writes, unstored, store, stats, helper);
                    lastWrite = System.nanoTime();
                }
                long t0 = System.nanoTime();
                Vectors vectors;
                try {
                    vectors = embed(current, previous, stats, stopNow);
                } catch (StoppedWhileEmbedding stopped) {
                    Futures.joined(next);
                    break;
                } finally {
                    stats.embedNanos += System.nanoTime() - t0;
                }
                unstored.add(new Unstored(vectors.fresh()));
                held.add(current, vectors);
                if (writes == 0 || needsModel || System.nanoTime() - lastWrite >= WRITE_INTERVAL_NANOS
                        || held.pages >= MAX_PAGES_PER_WRITE) {
                    Futures.joined(writing);
                    writing = submit(held.take(), ++writes, unstored, store, stats, helper);
                    lastWrite = System.nanoTime();
                }
                if (!keepGoing.getAsBoolean()) {
                    Futures.joined(next); // after the first batch, the first batch's own (done)
                    break;
                }
                if (firstBatch) {
                    next = chunkNext(nextBatch, store, stats, helper);
                    nextChunkedAfter = writes;
                }
            }
            Futures.joined(writing);
            if (!held.isEmpty()) {
                // on the helper too: the calling worker is interrupted when the process stops while it runs
                Futures.joined(submit(held.take(), ++writes, unstored, store, stats, helper));
            }
            return stats;
        } finally {
            awaitWithoutInterrupting(helper);
        }
    }

    /**
     * Waits for what is queued on the helper: when the run fails, a batch's write may still be running there, and the
     * caller (which may retry the job) must not see the run end while its pages are being written. Never interrupts
     * the helper ({@link ExecutorService#close} would, when the caller is interrupted, as on shutdown): an interrupted
     * thread writing through Lucene's file channels closes them, and the index writer with them. An interrupt of the
     * caller is kept for it to see after the wait.
     */
    private static void awaitWithoutInterrupting(ExecutorService helper) {
        helper.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (helper.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the next batch (on the calling thread) and chunks it on the helper, after the writes queued there. */
    private CompletableFuture<Chunked> chunkNext(Supplier<List<IndexablePage>> nextBatch, Store store, Stats stats,
                                                 ExecutorService helper) {
        List<IndexablePage> following = nextBatch.get();
        return CompletableFuture.supplyAsync(() -> chunk(following, store, stats), helper);
    }

    /** Batches embedded and not written yet. */
    private static final class Held {
        private List<Ready> batches = new ArrayList<>();
        private int pages;

        boolean isEmpty() {
            return batches.isEmpty();
        }

        void add(Chunked chunked, Vectors vectors) {
            batches.add(new Ready(chunked, vectors));
            pages += chunked.chunks().size();
        }

        List<Ready> take() {
            List<Ready> out = batches;
            batches = new ArrayList<>();
            pages = 0;
            return out;
        }
    }

    /** A batch's fresh vectors, and the number of the write that stores them ({@code Long.MAX_VALUE}: none yet). */
    private static final class Unstored {
        final Map<String, float[]> fresh;
        long write = Long.MAX_VALUE;

        Unstored(Map<String, float[]> fresh) {
            this.fresh = fresh;
        }
    }

    private CompletableFuture<Void> submit(List<Ready> batches, long write, List<Unstored> unstored, Store store,
                                           Stats stats, ExecutorService helper) {
        unstored.forEach(u -> u.write = Math.min(u.write, write));
        return CompletableFuture.runAsync(() -> write(batches, store, stats), helper);
    }

    /** Whether embedding {@code batch} needs the model: some text neither stored nor among {@code previous}. */
    private static boolean needsModel(Chunked batch, Map<String, float[]> previous) {
        if (batch.hashes().isEmpty()) {
            return !batch.texts().isEmpty();
        }
        for (String hash : batch.hashes()) {
            if (!batch.found().containsKey(hash) && !previous.containsKey(hash)) {
                return true;
            }
        }
        return false;
    }

    private Chunked chunk(List<IndexablePage> batch, Store store, Stats stats) {
        Map<IndexablePage, List<Chunk>> chunks = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (IndexablePage d : batch) {
            try {
                List<Chunk> cs = chunker.chunk(d.title(), d.content(), d.headings());
                chunks.put(d, cs);
                cs.forEach(c -> texts.add(c.embedText()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot chunk document %s (%s)", d.id(), d.url());
                store.markFailed(d, e);
                stats.failed++;
            }
        }
        if (!cache.enabled() || texts.isEmpty()) {
            return new Chunked(chunks, texts, List.of(), Map.of());
        }
        List<String> hashes = texts.stream().map(ChunkIds::contentHash).toList();
        return new Chunked(chunks, texts, hashes, cache.find(embedder.modelKey(), embedder.dimension(), hashes));
    }

    /** The texts' vectors, {@link #embedSlice} at a time, asking {@code stopNow} between slices. */
    private List<float[]> embedInSlices(List<String> texts, BooleanSupplier stopNow) {
        int slice = embedSlice;
        if (texts.size() <= slice) {
            return embedder.embedAll(texts);
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += slice) {
            if (from > 0 && stopNow.getAsBoolean()) {
                throw new StoppedWhileEmbedding();
            }
            out.addAll(embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + slice))));
        }
        return out;
    }

    /** On the calling thread: the model embeds what is not known yet, each distinct text once. */
    private Vectors embed(Chunked batch, Map<String, float[]> previous, Stats stats, BooleanSupplier stopNow) {
        List<String> texts = batch.texts();
        if (texts.isEmpty()) {
            return new Vectors(List.of(), Map.of());
        }
        if (batch.hashes().isEmpty()) { // reuse off
            List<float[]> vectors = embedInSlices(texts, stopNow);
            stats.embedded += texts.size();
            return new Vectors(vectors, Map.of());
        }
        Map<String, float[]> known = new HashMap<>(batch.found());
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String hash = batch.hashes().get(i);
            if (!known.containsKey(hash)) {
                float[] earlier = previous.get(hash);
                if (earlier != null) {
                    known.put(hash, earlier);
                } else {
                    missing.putIfAbsent(hash, texts.get(i));
                }
            }
        }
        Map<String, float[]> fresh = new LinkedHashMap<>();
        if (!missing.isEmpty()) {
            List<float[]> vectors = embedInSlices(new ArrayList<>(missing.values()), stopNow);
            int k = 0;
            for (String hash : missing.keySet()) {
                fresh.put(hash, vectors.get(k++));
            }
            known.putAll(fresh);
        }
        stats.embedded += missing.size();
        stats.reused += texts.size() - missing.size();
        return new Vectors(batch.hashes().stream().map(known::get).toList(), fresh);
    }

    /**
     * The batch's entries are made durable before any of its documents is marked indexed: a crash at any moment
     * leaves documents the index holds and the database still calls pending (indexed again on restart), never a
     * document marked indexed that the index lacks.
     */
    private void write(List<Ready> batches, Store store, Stats stats) {
        Map<IndexablePage, List<IndexedChunk>> indexed = new LinkedHashMap<>();
        Map<IndexablePage, List<Chunk>> chunks = new HashMap<>();
        for (Ready batch : batches) {
            // kept even if a document turns out changed meanwhile: the vector is right for its text all the same
            // asked again after the model ran: an inference server that could not be asked before has answered now
            if (!batch.vectors().fresh().isEmpty()) {
                cache.store(embedder.modelKey(), batch.vectors().fresh());
            }
            int v = 0;
            for (Map.Entry<IndexablePage, List<Chunk>> e : batch.chunked().chunks().entrySet()) {
                IndexablePage d = e.getKey();
                List<IndexedChunk> cs = new ArrayList<>(e.getValue().size());
                for (Chunk c : e.getValue()) {
                    cs.add(new IndexedChunk(ChunkIds.of(d.id(), c.index(), c.contentHash()), d.id(), d.sourceId(), c.index(),
                            d.title(), c.headingPath(), c.content(), d.url(), c.anchor(), d.contentType(), d.changedAt(),
                            batch.vectors().byChunk().get(v++), c.sections()));
                }
                indexed.put(d, cs);
                chunks.put(d, e.getValue());
            }
        }
        if (indexed.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            Map<UUID, List<IndexedChunk>> byId = new LinkedHashMap<>();
            indexed.forEach((d, cs) -> byId.put(d.id(), cs));
            index.replaceDocuments(byId);
            index.commit();
            for (Map.Entry<IndexablePage, List<IndexedChunk>> e : indexed.entrySet()) {
                IndexablePage d = e.getKey();
                if (store.saveIndexed(d, chunks.get(d))) {
                    stats.documents++;
                    stats.chunks += e.getValue().size();
                } else {
                    store.notSaved(d);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }
}
