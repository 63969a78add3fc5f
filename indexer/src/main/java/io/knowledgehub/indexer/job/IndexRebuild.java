package io.knowledgehub.indexer.job;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;

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

    public IndexRebuild(IndexStore store, SearchIndex index, Embedder embedder, JobService jobs, IndexWriteLock writeLock) {
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
                .map(m -> new io.knowledgehub.core.search.IndexModelMismatchException(m, configuredModel()).getMessage());
    }

    /** Empties the index, sets every document back to pending and queues an indexing job per source. */
    public List<Job> rebuild() {
        List<UUID> sources;
        writeLock.lock().lock();
        try {
            // a crash between the two leaves an empty index and documents marked indexed: the reconcile on the next
            // start sends them back to pending
            index.clear();
            index.useModel(configuredModel());
            sources = store.markAllPending();
        } finally {
            writeLock.lock().unlock();
        }
        return sources.stream().map(jobs::requestIndexing).toList();
    }
}
