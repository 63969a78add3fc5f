package io.knowledgehub.indexer.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobHandler;
import io.knowledgehub.core.job.JobProgress;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.indexer.chunk.Chunker;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A RAG job: chunks, embeds and indexes the source's documents that are waiting (new or changed pages), a
 * batch at a time, until none is left. Unchanged pages never get here; deleted pages were already dropped
 * from the index by the crawl.
 */
@ApplicationScoped
public class IndexJobHandler implements JobHandler {

    private static final Logger LOG = Logger.getLogger(IndexJobHandler.class);

    private final IndexStore store;
    private final Embedder embedder;
    private final SearchIndex index;
    private final IndexerConfig config;
    private final ObjectMapper json;
    private final Chunker chunker;

    public IndexJobHandler(IndexStore store, Embedder embedder, SearchIndex index, IndexerConfig config, ObjectMapper json) {
        this.store = store;
        this.embedder = embedder;
        this.index = index;
        this.config = config;
        this.json = json;
        this.chunker = Chunker.forEmbedder(embedder);
    }

    @Override
    public JobType type() {
        return JobType.RAG;
    }

    @Override
    public String run(Job job, JobProgress progress) {
        index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
        long start = System.nanoTime();
        Stats stats = new Stats();
        Set<UUID> tried = new HashSet<>();
        int total = (int) store.countPending(job.sourceId);
        while (true) {
            List<IndexStore.PendingDocument> batch = store.pending(job.sourceId, config.batchDocuments(), tried);
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(d -> tried.add(d.id()));
            indexBatch(batch, stats);
            int done = stats.documents + stats.failed;
            // a crawl running beside this job keeps adding pages: the total grows with it
            total = done + (int) store.countPending(job.sourceId);
            if (!progress.report(Math.min(99, done * 100 / Math.max(1, total)), total, done, result(stats, start))) {
                break;
            }
        }
        index.commit();
        return result(stats, start);
    }

    private void indexBatch(List<IndexStore.PendingDocument> batch, Stats stats) {
        Map<IndexStore.PendingDocument, List<Chunk>> chunked = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (IndexStore.PendingDocument d : batch) {
            try {
                List<Chunk> chunks = chunker.chunk(d.title(), d.content(), d.headings());
                chunked.put(d, chunks);
                chunks.forEach(c -> texts.add(c.embedText()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot chunk document %s (%s)", d.id(), d.url());
                store.markFailed(d.id());
                stats.failed++;
            }
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
        stats.embedNanos += System.nanoTime() - t0;
        int v = 0;
        for (Map.Entry<IndexStore.PendingDocument, List<Chunk>> e : chunked.entrySet()) {
            IndexStore.PendingDocument d = e.getKey();
            List<IndexedChunk> indexed = new ArrayList<>();
            for (Chunk c : e.getValue()) {
                indexed.add(new IndexedChunk(ChunkIds.of(d.id(), c.index(), c.contentHash()), d.id(), d.sourceId(), c.index(), d.title(),
                        c.headingPath(), c.content(), d.url(), c.anchor(), "text/html", d.changedAt(), vectors.get(v++)));
            }
            index.replaceDocument(d.id(), indexed);
            if (store.saveIndexed(d, e.getValue())) {
                stats.documents++;
                stats.chunks += indexed.size();
            } else if (!store.exists(d.id())) {
                // deleted by a crawl while it was being embedded: its entries must not outlive it
                index.deleteDocuments(List.of(d.id()));
            }
        }
    }

    private String result(Stats s, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double embedSeconds = s.embedNanos / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("documents_indexed", s.documents);
        r.put("documents_failed", s.failed);
        r.put("chunks_indexed", s.chunks);
        r.put("model", embedder.modelName());
        r.put("duration_seconds", Math.round(seconds * 1000) / 1000.0);
        r.put("embedding_seconds", Math.round(embedSeconds * 1000) / 1000.0);
        r.put("chunks_per_second", seconds == 0 ? 0 : Math.round(s.chunks / seconds * 10) / 10.0);
        try {
            return json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Stats {
        int documents;
        int failed;
        int chunks;
        long embedNanos;
    }
}
