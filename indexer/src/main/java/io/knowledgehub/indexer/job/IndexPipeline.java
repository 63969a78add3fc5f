package io.knowledgehub.indexer.job;

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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Chunk → embed → write, a batch of documents at a time, with the model kept busy: while the calling thread
 * embeds batch N, one helper thread writes batch N−1 (index and store) and chunks batch N+1. Embedding is
 * nearly all the work, so the pipeline runs close to the raw model's speed. Each batch is committed to the index
 * before its documents are marked indexed, so a crash loses at most the batches in flight.
 *
 * <p>Only text the model has not embedded before is embedded: with an {@link EmbeddingCache} that is on, the helper
 * looks a batch's embed texts up (by SHA-256, under the embedder's {@link Embedder#modelKey()}) right after chunking
 * it, the calling thread embeds only the texts found neither there nor among the previous batch's fresh vectors (not
 * yet stored when the lookup ran), each distinct text once, and the helper stores the fresh vectors with the batch.
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
    private final String modelKey;

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
        this.modelKey = embedder.modelKey();
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

    /**
     * @param nextBatch  the next documents to index, empty when done; called on the calling thread
     * @param keepGoing  asked after each batch (progress report, cancellation); false stops after that batch
     */
    public Stats run(Supplier<List<IndexablePage>> nextBatch, Store store, BooleanSupplier keepGoing) {
        Stats stats = new Stats();
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("index-writer").daemon().unstarted(r));
        try {
            List<IndexablePage> first = nextBatch.get();
            CompletableFuture<Chunked> next = CompletableFuture.supplyAsync(() -> chunk(first, store, stats), helper);
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            Map<String, float[]> previous = Map.of();
            while (true) {
                Chunked current = next.join();
                if (current.chunks().isEmpty() && current.texts().isEmpty()) {
                    break;
                }
                List<IndexablePage> following = nextBatch.get();
                next = CompletableFuture.supplyAsync(() -> chunk(following, store, stats), helper);
                long t0 = System.nanoTime();
                Vectors vectors = embed(current, previous, stats);
                stats.embedNanos += System.nanoTime() - t0;
                previous = vectors.fresh();
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
        return new Chunked(chunks, texts, hashes, cache.find(modelKey, embedder.dimension(), hashes));
    }

    /** On the calling thread: the model embeds what is not known yet, each distinct text once. */
    private Vectors embed(Chunked batch, Map<String, float[]> previous, Stats stats) {
        List<String> texts = batch.texts();
        if (texts.isEmpty()) {
            return new Vectors(List.of(), Map.of());
        }
        if (batch.hashes().isEmpty()) { // reuse off
            stats.embedded += texts.size();
            return new Vectors(embedder.embedAll(texts), Map.of());
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
            List<float[]> vectors = embedder.embedAll(new ArrayList<>(missing.values()));
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
    private void write(Chunked batch, Vectors vectors, Store store, Stats stats) {
        // kept even if a document turns out changed meanwhile: the vector is right for its text all the same
        cache.store(modelKey, vectors.fresh());
        Map<IndexablePage, List<IndexedChunk>> indexed = new LinkedHashMap<>();
        int v = 0;
        for (Map.Entry<IndexablePage, List<Chunk>> e : batch.chunks().entrySet()) {
            IndexablePage d = e.getKey();
            List<IndexedChunk> cs = new ArrayList<>(e.getValue().size());
            for (Chunk c : e.getValue()) {
                cs.add(new IndexedChunk(ChunkIds.of(d.id(), c.index(), c.contentHash()), d.id(), d.sourceId(), c.index(),
                        d.title(), c.headingPath(), c.content(), d.url(), c.anchor(), d.contentType(), d.changedAt(), vectors.byChunk().get(v++),
                        c.sections()));
            }
            indexed.put(d, cs);
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
