package io.knowledgehub.indexer.job;

import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentChunk;
import io.knowledgehub.core.document.DocumentRepository;
import io.knowledgehub.core.embed.VectorBytes;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.knowledgehub.core.search.IndexWork;
import io.knowledgehub.core.search.IndexWorkListener;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies the index outbox ({@link IndexOutboxRepository}) to the search index: the indexer is the index's one writer,
 * and this is how the changes other processes ask for (pages a crawl found gone, deleted sources, chunks posted
 * through the API, a rebuild's reset) reach it. Runs where the indexer's job workers run (standalone, the indexer
 * service): every {@code kh.indexer.outbox-interval}, at once when an entry is added in this process, at the start
 * of each indexing job and reconcile, and when a comparison of the index with the database looks again at documents
 * that differed.
 *
 * <p>Entries are applied in id order, the index is committed, and only then are they deleted, in one transaction that
 * holds them locked (a second indexer waits, then finds them gone). A crash in between applies them again, which
 * changes nothing. An entry that can never apply (another model's vectors) is dropped with a warning so it does not
 * block the ones behind it; any other failure leaves the entries for the next round.
 */
@ApplicationScoped
public class IndexOutboxDrainer implements IndexWorkListener {

    private static final Logger LOG = Logger.getLogger(IndexOutboxDrainer.class);
    /** How long a stop waits for a round under way. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final int BATCH = 100;

    private final IndexOutboxRepository outbox;
    private final SearchIndex index;
    private final DocumentRepository documents;
    private final IndexWriteLock writeLock;
    private final JobsConfig jobs;
    private final IndexerConfig config;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile ScheduledExecutorService timer;
    /** Whether the last timed round failed: an outage is logged when it begins and when it ends, not every second. */
    private volatile boolean failing;

    public IndexOutboxDrainer(IndexOutboxRepository outbox, SearchIndex index, DocumentRepository documents,
                              IndexWriteLock writeLock,
                              JobsConfig jobs, IndexerConfig config) {
        this.outbox = outbox;
        this.index = index;
        this.documents = documents;
        this.writeLock = writeLock;
        this.jobs = jobs;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!writesIndex()) {
            return;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("index-outbox").daemon().factory());
        long ms = Math.max(50, config.outboxInterval().toMillis());
        t.scheduleWithFixedDelay(this::drainQuietly, 0, ms, TimeUnit.MILLISECONDS);
        timer = t;
    }

    /**
     * Waits up to {@link #STOP_WAIT} for a round under way (rounds take milliseconds; one may wait for the write lock
     * behind an indexing batch), without interrupting it: a thread interrupted while it writes through Lucene's file
     * channels closes them, and the index writer with them. A round still running after that fails when the index
     * closes; its entries stay in the outbox and are applied at the next start.
     */
    void onStop(@Observes ShutdownEvent event) {
        ScheduledExecutorService t = timer;
        if (t == null) {
            return;
        }
        stopping = true; // a timed drain under way ends after its round
        t.shutdown();
        try {
            if (!t.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.infof("Stopping: an index outbox round still runs after %d s; what it applies is applied again at the next start",
                        STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean writesIndex() {
        return jobs.workersEnabled();
    }

    @Override
    public void workQueued() {
        ScheduledExecutorService t = timer;
        // one extra round at a time: entries added meanwhile are taken by it
        if (t != null && queued.compareAndSet(false, true)) {
            try {
                t.execute(() -> {
                    queued.set(false);
                    drainQuietly();
                });
            } catch (RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    /** Applies every waiting entry; returns how many. Failures are thrown (the entries stay). */
    public int drain() {
        return drain(false);
    }

    /** {@code timed}: a round of the timer's, which ends early when the process stops (the rest waits for the next start). */
    private int drain(boolean timed) {
        int applied = 0;
        while (true) {
            int n = round();
            if (n == 0 || timed && stopping) {
                return applied;
            }
            applied += n;
        }
    }

    private int round() {
        // the write lock first, as indexing batches take it: a reset is never applied in the middle of a batch
        writeLock.lock().lock();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<IndexWork> batch = outbox.oldest(BATCH);
                if (batch.isEmpty()) {
                    return 0;
                }
                for (IndexWork w : batch) {
                    try {
                        apply(w);
                    } catch (IndexModelMismatchException | IllegalArgumentException e) {
                        LOG.warnf("Dropped an index change (%s) that cannot apply: %s", w.kind, e.getMessage());
                    }
                }
                index.commit();
                outbox.remove(batch.stream().map(w -> w.id).toList());
                return batch.size();
            });
        } finally {
            writeLock.lock().unlock();
        }
    }

    private void apply(IndexWork w) {
        switch (w.kind) {
            case DELETE_DOCUMENTS -> index.deleteDocuments(split(w.ids).stream().map(UUID::fromString).toList());
            case DELETE_SOURCE -> index.deleteSource(w.sourceId);
            case DELETE_CHUNKS -> index.deleteChunks(split(w.ids));
            case UPSERT_CHUNK -> {
                DocumentChunk c = documents.findChunk(w.ids).orElse(null);
                Document doc = c == null ? null : documents.find(c.documentId).orElse(null);
                // replaced or deleted since: what replaced it has an entry of its own
                if (doc != null) {
                    index.upsert(List.of(new IndexedChunk(c.id, c.documentId, c.sourceId, c.chunkIndex, doc.title, List.of(),
                            c.content, doc.url, null, doc.contentType, doc.changedAt, VectorBytes.floats(w.vector))));
                }
            }
            case RESET -> {
                index.clear();
                index.useModel(new IndexModel(w.modelName, w.modelDimension));
            }
        }
    }

    private static List<String> split(String ids) {
        return ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
    }

    private void drainQuietly() {
        if (stopping) {
            return;
        }
        try {
            int applied = drain(true);
            if (failing) {
                failing = false;
                LOG.infof("Index changes are applied again (%d waiting were applied)", applied);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("Could not apply the index changes waiting in the outbox (tried again every %s): %s",
                        config.outboxInterval(), e.getMessage());
            }
        }
    }
}
