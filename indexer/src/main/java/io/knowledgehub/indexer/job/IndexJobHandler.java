package io.knowledgehub.indexer.job;

import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingCache;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobEnded;
import io.knowledgehub.core.job.JobHandler;
import io.knowledgehub.core.job.JobProgress;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.indexer.chunk.Chunk;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A RAG job: chunks, embeds and indexes the source's documents that are waiting (new or changed pages), a
 * batch at a time through the {@link IndexPipeline}, until none is left; each batch is durable in the index
 * before its documents are marked indexed. Unchanged pages never get here; the crawl asks for deleted pages to leave
 * the index through the index outbox, which the job applies before it starts. Of a changed page only the chunks whose embed text is new are embedded: the others
 * keep their vectors through the {@link EmbeddingCache}, which is pruned to its bound when the job ends.
 *
 * <p>A job usually starts while the crawl that stored its documents still runs. Its first batch is small
 * ({@link #FIRST_BATCH_DOCUMENTS}), so the first results are searchable within seconds. Beside a crawl with a delay
 * it then keeps going (the crawl leaves the CPU idle); beside a CPU-bound crawl of the same source
 * ({@link SourceConfig#cpuBound}) it ends after that first batch, and the indexing the crawl requests at its end
 * does the rest, so indexing does not slow the crawl down; {@link #jobEnded} (and the crawl's end, in the crawler)
 * makes sure a job looks at what is still pending when the crawl's own last request found this job still pending
 * (and so asked for nothing new).
 */
@ApplicationScoped
public class IndexJobHandler implements JobHandler {

    private static final Logger LOG = Logger.getLogger(IndexJobHandler.class);

    private final IndexStore store;
    private final Embedder embedder;
    private final SearchIndex index;
    private final IndexerConfig config;
    private final IndexPipeline pipeline;
    private final EmbeddingCache cache;
    private final SourceService sources;
    private final JobService jobs;
    private final IndexOutboxDrainer outbox;

    /** Jobs of this process that stepped aside for a crawl and have not ended yet ({@link #jobEnded}). */
    private final Set<UUID> steppedAside = ConcurrentHashMap.newKeySet();

    /** Documents in a job's first batch: few, so that they are searchable soon after the crawl stored them. */
    static final int FIRST_BATCH_DOCUMENTS = 4;

    public IndexJobHandler(IndexStore store, Embedder embedder, SearchIndex index, IndexerConfig config,
                           IndexWriteLock writeLock, EmbeddingCache cache, SourceService sources, JobService jobs,
                           IndexOutboxDrainer outbox) {
        this.outbox = outbox;
        this.sources = sources;
        this.jobs = jobs;
        this.store = store;
        this.embedder = embedder;
        this.index = index;
        this.config = config;
        this.cache = cache;
        this.pipeline = new IndexPipeline(config.chunker(embedder), embedder, index, writeLock.lock(), cache);
    }

    /**
     * Closes the gap a job that steps aside for a crawl leaves: the crawl's last request for indexing may have found
     * that very job still pending (and so asked for nothing new). Both ends are checked after the database records
     * them, so whichever ends second sees the other done: when a job that stepped aside ends and no crawl of its
     * source runs any more, pending pages of the source get an indexing job here; when the crawl ends second, the
     * crawl's own end asks for it ({@code CrawlJobHandler#crawlEnded}, in the process that ran the crawl, the crawler
     * service in cluster mode). Jobs started after the crawl ended never step aside for it.
     */
    void jobEnded(@Observes JobEnded ended) {
        if (ended.type() != JobType.RAG || !steppedAside.remove(ended.jobId())) {
            return;
        }
        try {
            UUID sourceId = jobs.get(ended.jobId()).sourceId;
            boolean crawlRuns = jobs.activeJob(sourceId, JobType.CRAWL).filter(j -> j.status() == JobStatus.RUNNING).isPresent();
            if (!crawlRuns && store.countPending(sourceId) > 0) {
                jobs.requestIndexing(sourceId);
            }
        } catch (RuntimeException e) {
            // the source (or its job) was removed meanwhile, or the database is away: the start-up reconcile
            // queues indexing for pending pages
            LOG.debugf("Job %s ended; could not check its source's pending pages: %s", ended.jobId(), e.toString());
        }
    }

    @Override
    public JobType type() {
        return JobType.RAG;
    }

    @Override
    public Map<String, Object> run(Job job, JobProgress progress) {
        // what was asked of the index before this job (a rebuild's reset, deletions) is applied before it indexes
        outbox.drain();
        index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
        long start = System.nanoTime();
        Set<UUID> tried = new HashSet<>();
        // documents this job is done with (indexed, failed, or gone): those it read but is still embedding are pending
        // in the database, so they count once, in what is left
        Set<UUID> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
        boolean[] leftToTheCrawl = {false};
        IndexPipeline.Stats stats = pipeline.run(() -> {
            int size = tried.isEmpty() ? Math.min(FIRST_BATCH_DOCUMENTS, config.batchDocuments()) : config.batchDocuments();
            List<IndexablePage> batch = store.pending(job.sourceId, size, tried);
            batch.forEach(d -> tried.add(d.id()));
            return batch;
        }, new DatabaseStore(finished), () -> {
            // a crawl running beside this job keeps adding pages: the total grows with it
            int done = finished.size();
            int total = done + (int) store.countPending(job.sourceId);
            boolean goOn = progress.report(Math.min(99, done * 100 / Math.max(1, total)), total, done, null);
            if (goOn && crawlKeepsTheCpuBusy(job.sourceId)) {
                leftToTheCrawl[0] = true;
                return false;
            }
            return goOn;
        }, () -> {
            // between slices of a batch's embedding (a very large page): the job shows it is alive, and a cancel, the
            // source's deletion or a stopping process ends it now rather than after the whole batch
            int done = finished.size();
            int total = done + (int) store.countPending(job.sourceId);
            return !progress.report(Math.min(99, done * 100 / Math.max(1, total)), total, done, null);
        });
        if (leftToTheCrawl[0]) {
            steppedAside.add(job.id);
        }
        // the last batch was saved after the last report: the job ends saying what it did
        int done = finished.size();
        progress.report(99, done + (int) store.countPending(job.sourceId), done, null);
        Map<String, Object> result = result(stats, start, leftToTheCrawl[0]);
        cache.prune();
        return result;
    }

    /** The product's store: the database, and the index for documents deleted while they were embedded. */
    private final class DatabaseStore implements IndexPipeline.Store {

        private final Set<UUID> finished;

        DatabaseStore(Set<UUID> finished) {
            this.finished = finished;
        }

        @Override
        public boolean saveIndexed(IndexablePage doc, List<Chunk> chunks) {
            boolean saved = store.saveIndexed(doc, chunks);
            finished.add(doc.id());
            return saved;
        }

        @Override
        public void markFailed(IndexablePage doc, Exception e) {
            store.markFailed(doc.id());
            finished.add(doc.id());
        }

        @Override
        public void notSaved(IndexablePage doc) {
            if (!store.exists(doc.id())) {
                // deleted by a crawl while it was being embedded: its entries must not outlive it
                index.deleteDocuments(List.of(doc.id()));
                index.commit();
            }
        }
    }

    /** Whether a crawl of the source runs now without a delay between requests, keeping the CPU busy. */
    private boolean crawlKeepsTheCpuBusy(UUID sourceId) {
        Optional<Job> crawl = jobs.activeJob(sourceId, JobType.CRAWL).filter(j -> j.status() == JobStatus.RUNNING);
        if (crawl.isEmpty()) {
            return false;
        }
        try {
            KnowledgeSource source = sources.get(sourceId);
            // a crawl is incremental when the source was crawled before and no full re-crawl was asked
            return source.config.cpuBound(!crawl.get().forceRefresh && source.lastCrawlAt != null);
        } catch (RuntimeException gone) {
            return false; // the source was removed meanwhile: its documents go with it
        }
    }

    private Map<String, Object> result(IndexPipeline.Stats s, long start, boolean leftToTheCrawl) {
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
        if (leftToTheCrawl) {
            // the rest is indexed by the job the crawl requests at its end
            r.put("rest_after_crawl", true);
        }
        return r;
    }
}
