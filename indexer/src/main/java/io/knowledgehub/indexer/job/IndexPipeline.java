package io.knowledgehub.indexer.job;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Chunk → embed → write, a batch of documents at a time, with the model kept busy: while the calling thread
 * embeds batch N, one helper thread writes batch N−1 (index and store) and chunks batch N+1. Embedding is
 * nearly all the work, so the pipeline runs close to the raw model's speed. Each batch is committed to the index
 * before its documents are marked indexed, so a crash loses at most the batches in flight.
 */
public final class IndexPipeline {

    private static final Logger LOG = Logger.getLogger(IndexPipeline.class);

    private final Chunker chunker;
    private final Embedder embedder;
    private final SearchIndex index;
    private final Lock writeLock;

    /** A pipeline that is the index's only writer. */
    public IndexPipeline(Chunker chunker, Embedder embedder, SearchIndex index) {
        this(chunker, embedder, index, new ReentrantLock());
    }

    /** @param writeLock held from a batch's index writes until its documents are marked (see {@link IndexWriteLock}) */
    public IndexPipeline(Chunker chunker, Embedder embedder, SearchIndex index, Lock writeLock) {
        this.chunker = chunker;
        this.embedder = embedder;
        this.index = index;
        this.writeLock = writeLock;
    }

    /** Where a written document goes next (the database in the product); false: it changed meanwhile, skip it. */
    public interface Store {
        boolean saveIndexed(IndexStore.PendingDocument doc, List<Chunk> chunks);

        void markFailed(IndexStore.PendingDocument doc, Exception e);

        /** The document was not saved: drop its index entries (durably) if it no longer exists. */
        void notSaved(IndexStore.PendingDocument doc);
    }

    /** Counters of one run; read them after {@link #run} returns. */
    public static final class Stats {
        public int documents;
        public int failed;
        public int chunks;
        public long embedNanos;
    }

    private record Chunked(Map<IndexStore.PendingDocument, List<Chunk>> chunks, List<String> texts) {
    }

    /**
     * @param nextBatch  the next documents to index, empty when done; called on the calling thread
     * @param keepGoing  asked after each batch (progress report, cancellation); false stops after that batch
     */
    public Stats run(Supplier<List<IndexStore.PendingDocument>> nextBatch, Store store, BooleanSupplier keepGoing) {
        Stats stats = new Stats();
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("index-writer").daemon().unstarted(r));
        try {
            List<IndexStore.PendingDocument> first = nextBatch.get();
            CompletableFuture<Chunked> next = CompletableFuture.supplyAsync(() -> chunk(first, store, stats), helper);
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            while (true) {
                Chunked current = next.join();
                if (current.chunks().isEmpty() && current.texts().isEmpty()) {
                    break;
                }
                List<IndexStore.PendingDocument> following = nextBatch.get();
                next = CompletableFuture.supplyAsync(() -> chunk(following, store, stats), helper);
                long t0 = System.nanoTime();
                List<float[]> vectors = current.texts().isEmpty() ? List.of() : embedder.embedAll(current.texts());
                stats.embedNanos += System.nanoTime() - t0;
                writing.join();
                writing = CompletableFuture.runAsync(() -> write(current, vectors, store, stats), helper);
                if (!keepGoing.getAsBoolean()) {
                    next.join();
                    break;
                }
            }
            writing.join();
            return stats;
        } finally {
            helper.shutdown();
        }
    }

    private Chunked chunk(List<IndexStore.PendingDocument> batch, Store store, Stats stats) {
        Map<IndexStore.PendingDocument, List<Chunk>> chunks = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (IndexStore.PendingDocument d : batch) {
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
        return new Chunked(chunks, texts);
    }

    /**
     * The batch's entries are made durable before any of its documents is marked indexed: a crash at any moment
     * leaves documents the index holds and the database still calls pending (indexed again on restart), never a
     * document marked indexed that the index lacks.
     */
    private void write(Chunked batch, List<float[]> vectors, Store store, Stats stats) {
        Map<IndexStore.PendingDocument, List<IndexedChunk>> indexed = new LinkedHashMap<>();
        int v = 0;
        for (Map.Entry<IndexStore.PendingDocument, List<Chunk>> e : batch.chunks().entrySet()) {
            IndexStore.PendingDocument d = e.getKey();
            List<IndexedChunk> cs = new ArrayList<>(e.getValue().size());
            for (Chunk c : e.getValue()) {
                cs.add(new IndexedChunk(ChunkIds.of(d.id(), c.index(), c.contentHash()), d.id(), d.sourceId(), c.index(),
                        d.title(), c.headingPath(), c.content(), d.url(), c.anchor(), d.contentType(), d.changedAt(), vectors.get(v++),
                        c.sections()));
            }
            indexed.put(d, cs);
        }
        if (indexed.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            indexed.forEach((d, cs) -> index.replaceDocument(d.id(), cs));
            index.commit();
            for (Map.Entry<IndexStore.PendingDocument, List<IndexedChunk>> e : indexed.entrySet()) {
                IndexStore.PendingDocument d = e.getKey();
                if (store.saveIndexed(d, batch.chunks().get(d))) {
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
