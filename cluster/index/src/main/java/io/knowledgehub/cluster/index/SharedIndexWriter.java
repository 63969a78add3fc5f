package io.knowledgehub.cluster.index;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import org.jboss.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one process that writes the shared Lucene index (the indexer service): its own writes go straight to the index,
 * and the writes the other processes sent through Redis ({@link ForwardingSearchIndex}) are applied in order, every
 * {@code interval} and before each of its own writes (so a forwarded {@code clear} is never applied after indexing
 * that was asked for after it). A forwarded write is removed from the list only once it is applied and committed;
 * they are idempotent, so one applied twice after a crash changes nothing.
 *
 * <p>A second writer cannot start: Lucene's lock on the index directory refuses it.
 */
public final class SharedIndexWriter implements SearchIndex {

    private static final Logger LOG = Logger.getLogger(SharedIndexWriter.class);
    private static final int BATCH = 100;

    private final SearchIndex index;
    private final IndexWriteLog log;
    private final ScheduledExecutorService timer;

    /** @param index the writable index, closed with this one */
    public SharedIndexWriter(SearchIndex index, UnifiedJedis redis, java.time.Duration interval) {
        this.index = index;
        this.log = new IndexWriteLog(redis);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("index-writes").daemon().factory());
        long ms = Math.max(50, interval.toMillis());
        timer.scheduleWithFixedDelay(this::drainQuietly, 0, ms, TimeUnit.MILLISECONDS);
    }

    /** Applies every forwarded write waiting in Redis; returns how many. */
    public synchronized int drain() {
        int applied = 0;
        while (true) {
            List<IndexWrite> writes = log.peek(BATCH);
            if (writes.isEmpty()) {
                return applied;
            }
            for (IndexWrite w : writes) {
                try {
                    w.applyTo(index);
                } catch (RuntimeException e) {
                    // a write that can never apply (another model's vectors) must not block the ones behind it
                    LOG.warnf("Dropped a forwarded index write (%s): %s", w.op(), e.getMessage());
                }
            }
            index.commit();
            log.remove(writes.size());
            applied += writes.size();
        }
    }

    /** Whether the last timed drain failed: a Redis outage is logged when it begins and when it ends, not every second. */
    private volatile boolean failing;

    private void drainQuietly() {
        try {
            int applied = drain();
            if (failing) {
                failing = false;
                LOG.infof("Index writes of other processes are applied again (%d waiting were applied)", applied);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("Could not apply the index writes of other processes (%s); trying again every second", e.toString());
            }
        }
    }

    private void before() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.debugf("forwarded index writes not applied before a local write: %s", e.toString());
        }
    }

    @Override
    public Optional<IndexModel> model() {
        return index.model();
    }

    @Override
    public synchronized void useModel(IndexModel model) {
        before();
        index.useModel(model);
    }

    @Override
    public synchronized void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
        before();
        index.replaceDocument(documentId, chunks);
    }

    @Override
    public synchronized void upsert(List<IndexedChunk> chunks) {
        before();
        index.upsert(chunks);
    }

    @Override
    public synchronized void deleteChunks(Collection<String> chunkIds) {
        before();
        index.deleteChunks(chunkIds);
    }

    @Override
    public synchronized void deleteDocuments(Collection<UUID> documentIds) {
        before();
        index.deleteDocuments(documentIds);
    }

    @Override
    public synchronized void deleteSource(UUID sourceId) {
        before();
        index.deleteSource(sourceId);
    }

    @Override
    public synchronized void clear() {
        before();
        index.clear();
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        return index.keyword(query, filter, limit);
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        return index.semantic(vector, constraints, filter, limit);
    }

    @Override
    public synchronized void commit() {
        index.commit();
    }

    @Override
    public long chunkCount() {
        return index.chunkCount();
    }

    @Override
    public long version() {
        return index.version();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            index.close();
        }
    }
}
