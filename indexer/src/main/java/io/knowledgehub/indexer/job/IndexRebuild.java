package io.knowledgehub.indexer.job;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-indexes everything with the configured model: the way out of a model mismatch, and how changed chunking or index
 * settings reach pages already indexed. Chunks whose embed text and model are unchanged keep their vectors (the
 * {@link io.knowledgehub.core.embed.EmbeddingCache}), so a rebuild that changes no embedding embeds nothing.
 */
@ApplicationScoped
public class IndexRebuild {

    private final IndexStore store;
    private final SearchIndex index;
    private final Embedder embedder;
    private final JobService jobs;

    private final IndexWriteLock writeLock;
    private final IndexOutboxRepository outbox;

    public IndexRebuild(IndexStore store, SearchIndex index, Embedder embedder, JobService jobs, IndexWriteLock writeLock,
                        IndexOutboxRepository outbox) {
        this.outbox = outbox;
        this.store = store;
        this.writeLock = writeLock;
        this.index = index;
        this.embedder = embedder;
        this.jobs = jobs;
    }

    public IndexModel configuredModel() {
        return new IndexModel(embedder.modelName(), embedder.dimension());
    }

    /** The problem with the index, if any: it holds another model's vectors. */
    public Optional<String> mismatch() {
        return index.model().filter(m -> !m.equals(configuredModel()))
                .map(m -> new IndexModelMismatchException(m, configuredModel()).getMessage());
    }

    /**
     * Empties the index, sets every document back to pending and queues an indexing job per source. The reset goes
     * through the index outbox in the transaction that sets the documents back, so a crash keeps both or neither; the
     * jobs apply it before they index, and with the indexer in this process it is applied before this returns.
     */
    public List<Job> rebuild() {
        long work;
        List<UUID> sources;
        writeLock.lock().lock();
        try {
            List<Object> done = QuarkusTransaction.requiringNew().call(() -> List.of(outbox.reset(configuredModel()),
                    store.markAllPending()));
            work = (Long) done.get(0);
            @SuppressWarnings("unchecked")
            List<UUID> ids = (List<UUID>) done.get(1);
            sources = ids;
        } finally {
            writeLock.lock().unlock();
        }
        outbox.settle(work, Duration.ofSeconds(30));
        return sources.stream().map(jobs::requestIndexing).toList();
    }
}
