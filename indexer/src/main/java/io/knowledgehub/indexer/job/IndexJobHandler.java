package io.knowledgehub.indexer.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingCache;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobHandler;
import io.knowledgehub.core.job.JobProgress;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.chunk.Chunk;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A RAG job: chunks, embeds and indexes the source's documents that are waiting (new or changed pages), a
 * batch at a time through the {@link IndexPipeline}, until none is left; each batch is durable in the index
 * before its documents are marked indexed. Unchanged pages never get here; deleted pages were already dropped
 * from the index by the crawl. Of a changed page only the chunks whose embed text is new are embedded: the others
 * keep their vectors through the {@link EmbeddingCache}, which is pruned to its bound when the job ends.
 */
@ApplicationScoped
public class IndexJobHandler implements JobHandler {

    private final IndexStore store;
    private final Embedder embedder;
    private final SearchIndex index;
    private final IndexerConfig config;
    private final ObjectMapper json;
    private final IndexPipeline pipeline;
    private final EmbeddingCache cache;

    public IndexJobHandler(IndexStore store, Embedder embedder, SearchIndex index, IndexerConfig config, ObjectMapper json,
                           IndexWriteLock writeLock, EmbeddingCache cache) {
        this.store = store;
        this.embedder = embedder;
        this.index = index;
        this.config = config;
        this.json = json;
        this.cache = cache;
        this.pipeline = new IndexPipeline(config.chunker(embedder), embedder, index, writeLock.lock(), cache);
    }

    @Override
    public JobType type() {
        return JobType.RAG;
    }

    @Override
    public String run(Job job, JobProgress progress) {
        index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
        long start = System.nanoTime();
        Set<UUID> tried = new HashSet<>();
        IndexPipeline.Stats stats = pipeline.run(() -> {
            List<IndexStore.PendingDocument> batch = store.pending(job.sourceId, config.batchDocuments(), tried);
            batch.forEach(d -> tried.add(d.id()));
            return batch;
        }, new DatabaseStore(), () -> {
            // a crawl running beside this job keeps adding pages: the total grows with it
            int done = tried.size();
            int total = done + (int) store.countPending(job.sourceId);
            return progress.report(Math.min(99, done * 100 / Math.max(1, total)), total, done, null);
        });
        String result = result(stats, start);
        cache.prune();
        return result;
    }

    /** The product's store: the database, and the index for documents deleted while they were embedded. */
    private final class DatabaseStore implements IndexPipeline.Store {
        @Override
        public boolean saveIndexed(IndexStore.PendingDocument doc, List<Chunk> chunks) {
            return store.saveIndexed(doc, chunks);
        }

        @Override
        public void markFailed(IndexStore.PendingDocument doc, Exception e) {
            store.markFailed(doc.id());
        }

        @Override
        public void notSaved(IndexStore.PendingDocument doc) {
            if (!store.exists(doc.id())) {
                // deleted by a crawl while it was being embedded: its entries must not outlive it
                index.deleteDocuments(List.of(doc.id()));
                index.commit();
            }
        }
    }

    private String result(IndexPipeline.Stats s, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double embedSeconds = s.embedNanos / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("documents_indexed", s.documents);
        r.put("documents_failed", s.failed);
        r.put("chunks_indexed", s.chunks);
        r.put("chunks_embedded", s.embedded);
        r.put("chunks_reused", s.reused);
        r.put("model", embedder.modelName());
        r.put("duration_seconds", Math.round(seconds * 1000) / 1000.0);
        r.put("embedding_seconds", Math.round(embedSeconds * 1000) / 1000.0);
        r.put("chunks_per_second", seconds == 0 ? 0 : Math.round(s.chunks / seconds * 10) / 10.0);
        return StoredJson.write(json, r);
    }
}
