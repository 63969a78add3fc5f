package io.knowledgehub.indexer.job;

import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Brings the index back into agreement with the database after a crash, touching only what differs. The database
 * says what must be searchable (DESIGN: the index is reconciled with it, never the other way round):
 * <ul>
 *   <li>entries of documents that no longer exist (a removal that did not reach the index) are deleted;</li>
 *   <li>entries of an indexed document that are not among its stored chunks (an old version of the page) are
 *       deleted;</li>
 *   <li>an indexed document whose stored chunks are not all in the index (marked before its entries were durable)
 *       goes back to pending and its source gets an indexing job: only that document is indexed again, and its
 *       chunks take their vectors from the {@link io.knowledgehub.core.embed.EmbeddingCache} rather than the model
 *       (unless they were pruned from it);</li>
 *   <li>pending documents are in flight: their entries may still be the previous version, by design, until their
 *       indexing job replaces them; a source with pending documents and no indexing job gets one.</li>
 * </ul>
 */
@ApplicationScoped
public class IndexReconcile {

    private static final Logger LOG = Logger.getLogger(IndexReconcile.class);
    /** How long the comparison's second look waits for the write lock (a batch, a rebuild's reset) at most. */
    private static final Duration SECOND_LOOK_WAIT = Duration.ofSeconds(30);

    private final IndexStore store;
    private final IndexOutboxDrainer outbox;
    private final SearchIndex index;
    private final JobService jobs;
    private final IndexWriteLock writeLock;

    public IndexReconcile(IndexStore store, SearchIndex index, JobService jobs, IndexWriteLock writeLock, IndexOutboxDrainer outbox) {
        this.outbox = outbox;
        this.store = store;
        this.index = index;
        this.jobs = jobs;
        this.writeLock = writeLock;
    }

    /** Documents and chunks on one side; a document counts when it has at least one chunk. */
    public record Counts(long documents, long chunks) {
    }

    /**
     * How the index and the database compare. {@code orphan*}: entries of documents that do not exist;
     * {@code stale*}: entries of existing documents that are not among their stored chunks; {@code missing*}: stored
     * chunks of indexed documents that the index lacks; {@code pendingDocuments}: documents waiting for indexing.
     */
    public record Comparison(Counts database, Counts index, int orphanDocuments, int orphanChunks, int staleDocuments,
                             int staleChunks, int missingDocuments, int missingChunks, int pendingDocuments) {

        /** Every document the database calls indexed is in the index exactly as stored, and nothing else is. */
        public boolean consistent() {
            return orphanChunks == 0 && staleChunks == 0 && missingChunks == 0;
        }
    }

    /** What a reconcile found, what it did, and how the two compare afterwards. */
    public record Result(Comparison found, int deletedDocuments, int deletedChunks, int requeuedDocuments,
                         List<UUID> jobIds, Comparison after) {
    }

    /**
     * Compares the two without repairing anything; empty when the index cannot list its entries (cluster backends).
     * Read while pages are being indexed, the comparison can see work in flight as a difference: a batch half-way
     * (entries written, documents not yet marked, or marked between the database's two reads), a removal or a posted
     * chunk not yet applied from the outbox. So the documents a first comparison finds differing are looked at again
     * while no batch writes, after the waiting outbox entries are applied (and again if more arrived meanwhile): a
     * difference that a crash left stays, one in flight is gone. Only those documents are read again, so the lock is
     * held for as long as they and the waiting entries take (milliseconds for a few), not for a read of the whole
     * index; it may wait for a batch under way first (at most {@link #SECOND_LOOK_WAIT}, then the first comparison
     * is reported). A consistent comparison, the usual case, takes no lock at all.
     */
    public Optional<Comparison> check() {
        Optional<Diff> quick = snapshot();
        if (quick.isEmpty()) {
            return Optional.empty();
        }
        Comparison first = quick.get().comparison();
        if (first.consistent()) {
            return Optional.of(first);
        }
        Set<UUID> differing = quick.get().differing();
        Comparison again;
        int applied;
        try {
            if (!writeLock.lock().tryLock(SECOND_LOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debugf("The index write lock stayed held for %d s: the comparison is reported as first made", SECOND_LOOK_WAIT.toSeconds());
                return Optional.of(first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(first);
        }
        try {
            applied = applyWaiting();
            for (int look = 1; ; look++) {
                again = snapshotOf(differing).comparison();
                // an outbox entry added after the database was read may be what looks different: apply it, look again
                int more = again.consistent() || look == 3 ? 0 : applyWaiting();
                applied += more;
                if (more == 0) {
                    break;
                }
            }
        } finally {
            writeLock.lock().unlock();
        }
        // outbox entries applied meanwhile changed what the first comparison counted: count again (no lock needed)
        Comparison counts = applied > 0 ? snapshot().map(Diff::comparison).orElse(first) : first;
        return Optional.of(new Comparison(counts.database(), counts.index(), again.orphanDocuments(), again.orphanChunks(),
                again.staleDocuments(), again.staleChunks(), again.missingDocuments(), again.missingChunks(),
                counts.pendingDocuments()));
    }

    /** Applies the outbox entries waiting now (the write lock is re-entrant); how many; 0 where it could not. */
    private int applyWaiting() {
        try {
            return drainIfWriting();
        } catch (RuntimeException e) {
            // the entries stay, and what they would change is reported as a difference; the outbox's timer warns
            LOG.debugf(e, "Could not apply the waiting index changes before comparing");
            return 0;
        }
    }

    /**
     * Compares and repairs; empty when the index cannot list its entries. Changes asked of the index before (deletions,
     * posted chunks) are not differences: they are applied first, under the write lock the comparison and the repair
     * hold, so none can be left waiting between the two (a chunk posted meanwhile would look missing, and its document
     * be indexed again from its page, losing the posted chunk). One added after the database was read is applied and
     * the comparison made again (three times at most).
     *
     * @throws RuntimeException when waiting changes cannot be applied (they stay in the outbox; nothing is repaired)
     */
    public Optional<Result> reconcile() {
        writeLock.lock().lock();
        try {
            drainIfWriting();
            Optional<Diff> found = snapshot();
            for (int look = 1; look < 3 && found.isPresent() && !found.get().comparison().consistent(); look++) {
                if (drainIfWriting() == 0) {
                    break;
                }
                found = snapshot();
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Diff d = found.get();
            index.deleteDocuments(d.orphans.keySet());
            index.deleteChunks(d.stale);
            // durable before anything is recorded as repaired
            index.commit();
            int requeued = store.markPending(d.missing.keySet());
            Set<UUID> sources = new HashSet<>(d.missing.values());
            sources.addAll(d.pendingSources);
            // sources with an indexing job pending or running: their pending documents are indexed without help
            sources.removeAll(jobs.sourcesWithActiveJob(JobType.RAG));
            List<UUID> jobIds = new ArrayList<>();
            for (UUID source : new TreeSet<>(sources)) {
                Job job = jobs.requestIndexing(source);
                jobIds.add(job.id);
            }
            Comparison before = d.comparison();
            Comparison after = snapshot().map(Diff::comparison).orElseThrow();
            Result result = new Result(before, d.orphans.size(), d.orphanChunkCount() + d.stale.size(), requeued, jobIds, after);
            if (!before.consistent() || !jobIds.isEmpty()) {
                LOG.infof("Index reconciled with the database: %d entries of %d removed documents and %d stale entries deleted, "
                                + "%d documents queued for indexing again (%d indexing jobs)",
                        d.orphanChunkCount(), d.orphans.size(), d.stale.size(), requeued, jobIds.size());
            }
            return Optional.of(result);
        } finally {
            writeLock.lock().unlock();
        }
    }

    /** Applies every waiting outbox entry (the write lock is re-entrant); how many. Failures are thrown. */
    private int drainIfWriting() {
        return outbox.writesIndex() ? outbox.drain() : 0;
    }

    private Optional<Diff> snapshot() {
        // the database first: an entry written after this read (a batch, held off by the lock during a reconcile,
        // or a chunk posted through the API) can only look missing-then-present, never stale
        IndexStore.Expected expected = store.expected();
        return index.chunkIdsByDocument().map(actual -> new Diff(expected.documents(), actual));
    }

    /** The comparison for these documents alone (its counts are theirs). */
    private Diff snapshotOf(Set<UUID> documents) {
        IndexStore.Expected expected = store.expected(documents);
        return new Diff(expected.documents(), index.chunkIdsOf(documents).orElseThrow());
    }

    /** The differences between what the database expects and what the index holds. */
    private static final class Diff {
        final Map<UUID, Set<String>> orphans = new HashMap<>();
        final List<String> stale = new ArrayList<>();
        final Set<UUID> staleDocuments = new HashSet<>();
        /** indexed documents whose stored chunks the index lacks, with their source */
        final Map<UUID, UUID> missing = new HashMap<>();
        final Set<UUID> pendingSources = new HashSet<>();
        int missingChunks;
        int pendingDocuments;
        final Counts database;
        final Counts indexed;

        Diff(Map<UUID, IndexStore.DocumentState> expected, Map<UUID, Set<String>> actual) {
            long dbDocs = 0;
            long dbChunks = 0;
            for (Map.Entry<UUID, IndexStore.DocumentState> e : expected.entrySet()) {
                IndexStore.DocumentState doc = e.getValue();
                if (!doc.chunkIds().isEmpty()) {
                    dbDocs++;
                    dbChunks += doc.chunkIds().size();
                }
                Set<String> held = actual.getOrDefault(e.getKey(), Set.of());
                if (doc.status() == IndexStatus.PENDING) {
                    pendingDocuments++;
                    pendingSources.add(doc.sourceId());
                    continue;
                }
                int lacking = 0;
                for (String id : doc.chunkIds()) {
                    if (!held.contains(id)) {
                        lacking++;
                    }
                }
                if (lacking > 0) {
                    // indexing it again replaces whatever the index holds for it, stale entries included
                    missing.put(e.getKey(), doc.sourceId());
                    missingChunks += lacking;
                    continue;
                }
                for (String id : held) {
                    if (!doc.chunkIds().contains(id)) {
                        stale.add(id);
                        staleDocuments.add(e.getKey());
                    }
                }
            }
            long idxChunks = 0;
            for (Map.Entry<UUID, Set<String>> e : actual.entrySet()) {
                idxChunks += e.getValue().size();
                if (!expected.containsKey(e.getKey())) {
                    orphans.put(e.getKey(), e.getValue());
                }
            }
            this.database = new Counts(dbDocs, dbChunks);
            this.indexed = new Counts(actual.size(), idxChunks);
        }

        /** The documents that differ: orphans, stale and missing ones. */
        Set<UUID> differing() {
            Set<UUID> out = new HashSet<>(orphans.keySet());
            out.addAll(staleDocuments);
            out.addAll(missing.keySet());
            return out;
        }

        int orphanChunkCount() {
            return orphans.values().stream().mapToInt(Set::size).sum();
        }

        Comparison comparison() {
            return new Comparison(database, indexed, orphans.size(), orphanChunkCount(), staleDocuments.size(), stale.size(),
                    missing.size(), missingChunks, pendingDocuments);
        }
    }
}
