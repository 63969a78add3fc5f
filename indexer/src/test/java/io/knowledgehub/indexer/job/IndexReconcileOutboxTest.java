package io.knowledgehub.indexer.job;

import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.search.SearchIndex;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moment the app's own test cannot stop at: a chunk is posted (database row and outbox entry committed) right
 * after the reconcile applied the waiting outbox entries, before it compares. The database and the index are plain
 * maps here, the outbox a counter of entries not yet applied; the reconcile itself and its write lock are the real ones.
 */
class IndexReconcileOutboxTest {

    private final UUID source = UUID.randomUUID();
    private final UUID document = UUID.randomUUID();
    /** What the database says each document holds; what the index holds. */
    private final Map<UUID, Set<String>> database = new HashMap<>();
    private final Map<UUID, Set<String>> index = new HashMap<>();
    private final List<UUID> requeued = new ArrayList<>();
    private final List<UUID> indexingRequested = new ArrayList<>();
    private int drains;
    private boolean posted;

    @Test
    void a_chunk_posted_right_after_the_outbox_was_applied_is_applied_and_compared_again_not_taken_for_missing() {
        database.put(document, new HashSet<>(Set.of("c0", "c1")));
        index.put(document, new HashSet<>(Set.of("c0", "c1")));

        IndexReconcile.Result result = reconcile().reconcile().orElseThrow();

        assertThat(drains).as("the outbox applied again after the comparison saw the posted chunk").isGreaterThanOrEqualTo(2);
        assertThat(result.found().missingChunks()).isZero();
        assertThat(result.found().consistent()).isTrue();
        assertThat(result.requeuedDocuments()).isZero();
        assertThat(requeued).as("the document is not indexed again from its page (the posted chunk would be lost)").isEmpty();
        assertThat(indexingRequested).isEmpty();
        assertThat(index.get(document)).containsExactlyInAnyOrder("c0", "c1", "posted");
    }

    @Test
    void a_chunk_the_index_really_lacks_is_still_repaired() {
        database.put(document, new HashSet<>(Set.of("c0", "c1")));
        index.put(document, new HashSet<>(Set.of("c0")));
        posted = true; // nothing is posted meanwhile

        IndexReconcile.Result result = reconcile().reconcile().orElseThrow();

        assertThat(result.found().missingChunks()).isEqualTo(1);
        assertThat(requeued).containsExactly(document);
        assertThat(indexingRequested).containsExactly(source);
    }

    private IndexReconcile reconcile() {
        IndexStore store = new IndexStore(null, null) {
            @Override
            public Expected expected() {
                Map<UUID, DocumentState> states = new HashMap<>();
                database.forEach((id, chunks) -> states.put(id, new DocumentState(source, IndexStatus.INDEXED, Set.copyOf(chunks))));
                return new Expected(states);
            }

            @Override
            public int markPending(Collection<UUID> documentIds) {
                requeued.addAll(documentIds);
                return documentIds.size();
            }
        };
        IndexOutboxDrainer outbox = new IndexOutboxDrainer(null, null, null, null, null, null) {
            @Override
            public boolean writesIndex() {
                return true;
            }

            @Override
            public int drain() {
                drains++;
                if (!posted) {
                    // nothing waits now; a chunk is posted the moment after: in the database, its entry in the outbox
                    posted = true;
                    database.get(document).add("posted");
                    return 0;
                }
                if (database.get(document).contains("posted") && !index.get(document).contains("posted")) {
                    index.get(document).add("posted");
                    return 1;
                }
                return 0;
            }
        };
        SearchIndex searchIndex = stub(SearchIndex.class, (method, args) -> switch (method) {
            case "chunkIdsByDocument" -> {
                Map<UUID, Set<String>> copy = new HashMap<>();
                index.forEach((id, chunks) -> copy.put(id, Set.copyOf(chunks)));
                yield Optional.of(copy);
            }
            case "deleteDocuments", "deleteChunks", "commit" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
        JobsConfig config = stub(JobsConfig.class, (method, args) -> method.equals("maxAttempts") ? 3 : null);
        JobService jobs = new JobService(null, null, null, config, null) {
            @Override
            public Set<UUID> sourcesWithActiveJob(JobType type) {
                return Set.of();
            }

            @Override
            public Job requestIndexing(UUID sourceId) {
                indexingRequested.add(sourceId);
                Job job = new Job();
                job.id = UUID.randomUUID();
                return job;
            }
        };
        return new IndexReconcile(store, searchIndex, jobs, new IndexWriteLock(new BackupGate()), outbox);
    }

    private interface Handler {
        Object handle(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> handler.handle(method.getName(), args));
    }
}
