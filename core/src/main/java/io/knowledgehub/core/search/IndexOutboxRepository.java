package io.knowledgehub.core.search;

import io.knowledgehub.core.embed.VectorBytes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The outbox of the search index: how every process but the indexer changes the index. The indexer is the index's
 * one writer; a crawl that finds pages gone, a deleted source, a chunk posted through the API and a rebuild add an
 * entry here in the transaction of their database change (so the two are never separated by a crash), and the
 * indexer applies the entries in order ({@code IndexOutboxDrainer}): every second, at once when it runs in the same
 * process (standalone), and before each indexing batch, so an entry is never applied after indexing that was asked
 * for after it.
 *
 * <p>Searches do not wait for a deletion to reach the index: they leave out results whose document is gone
 * ({@link LiveDocuments}). Callers whose answer must show the new index ({@code POST /api/v1/chunks}, a rebuild) wait
 * for their entry with {@link #awaitApplied}.
 */
@ApplicationScoped
public class IndexOutboxRepository {

    private static final Duration POLL = Duration.ofMillis(25);

    private final EntityManager em;
    private final Instance<IndexWorkListener> listeners;

    public IndexOutboxRepository(EntityManager em, Instance<IndexWorkListener> listeners) {
        this.em = em;
        this.listeners = listeners;
    }

    /** Asks for the documents to leave the index. Joins the caller's transaction; returns the entry's id. */
    public long deleteDocuments(Collection<UUID> documentIds) {
        return add(IndexWork.Kind.DELETE_DOCUMENTS, w -> w.ids = join(documentIds));
    }

    /** Asks for every entry of the source to leave the index. */
    public long deleteSource(UUID sourceId) {
        return add(IndexWork.Kind.DELETE_SOURCE, w -> w.sourceId = sourceId);
    }

    /** Asks for the chunks to leave the index. */
    public long deleteChunks(Collection<String> chunkIds) {
        return add(IndexWork.Kind.DELETE_CHUNKS, w -> w.ids = join(chunkIds));
    }

    /** Asks for the stored chunk to be indexed with {@code vector} (normalised, of the index's model). */
    public long upsertChunk(String chunkId, float[] vector) {
        return add(IndexWork.Kind.UPSERT_CHUNK, w -> {
            w.ids = chunkId;
            w.vector = VectorBytes.of(vector);
        });
    }

    /** Asks for the index to be emptied and to take the vectors of {@code model}. */
    public long reset(IndexModel model) {
        return add(IndexWork.Kind.RESET, w -> {
            w.modelName = model.name();
            w.modelDimension = model.dimension();
        });
    }

    private long add(IndexWork.Kind kind, Consumer<IndexWork> fill) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            IndexWork w = new IndexWork();
            w.kind = kind;
            w.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            fill.accept(w);
            em.persist(w);
            em.flush();
            return w.id;
        });
    }

    /**
     * The oldest entries, at most {@code limit}, locked until the caller's transaction ends: a second indexer waits for
     * them and then finds them gone. Call inside a transaction.
     */
    public List<IndexWork> oldest(int limit) {
        return em.createQuery("from IndexWork order by id", IndexWork.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setMaxResults(limit).getResultList();
    }

    /** Deletes applied entries; joins the caller's transaction. */
    public void remove(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            em.createQuery("delete from IndexWork where id in :ids").setParameter("ids", ids).executeUpdate();
        }
    }

    /** Entries waiting. */
    public long waiting() {
        return QuarkusTransaction.joiningExisting().call(() ->
                em.createQuery("select count(w) from IndexWork w", Long.class).getSingleResult());
    }

    /** Whether the entry is still waiting (not yet applied). */
    public boolean isWaiting(long id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(IndexWork.class, id) != null);
    }

    /**
     * Tells an index writer of this process (standalone) that entries are waiting, so it applies them now instead of
     * at its next round. Call after the transaction that added them committed.
     */
    public void wake() {
        for (IndexWorkListener l : listeners) {
            if (l.writesIndex()) {
                l.workQueued();
            }
        }
    }

    /**
     * Wakes the writer and waits until the entry is applied, at most {@code timeout}; returns whether it was. An
     * entry not applied in time stays in the outbox and is applied when an indexer runs.
     */
    public boolean awaitApplied(long id, Duration timeout) {
        wake();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isWaiting(id)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * With the index writer in this process (standalone), waits until the entry is applied, at most {@code timeout};
     * elsewhere returns at once, the indexer applying it within its interval. For changes whose callers need not see
     * the index change in cluster mode (searches already leave out what the database no longer has).
     */
    public void settle(long id, Duration timeout) {
        if (listeners.stream().anyMatch(IndexWorkListener::writesIndex)) {
            awaitApplied(id, timeout);
        }
    }

    private static String join(Collection<?> ids) {
        return ids.stream().map(Object::toString).collect(Collectors.joining(","));
    }
}
