package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/**
 * Searches a Lucene index that another process writes with {@link LuceneSearchIndex} (one writer, any number of
 * readers, on one machine's file system: Lucene supports readers in other processes, each reading a committed point in
 * time). The reader sees the writer's commits: it reopens at most every {@code refreshInterval}, when a search or a
 * count asks, so searches lag the writer by at most that much. Before the writer created the index, it is empty.
 *
 * <p>Read-only: every write throws {@link UnsupportedOperationException}. {@link #version()} is the version of the
 * commit it reads, so it changes with every commit of the writer (search caches keyed by it stay correct).
 */
public final class LuceneIndexReader implements SearchIndex {

    private final Path path;
    private final Directory directory;
    private final long refreshNanos;
    private final LuceneQueries queries = new LuceneQueries(new IdentifierAnalyzer(false, true));
    private final DecodedChunks decoded;
    private SearcherManager searchers;
    private long lastRefresh;
    private IndexModel model;
    private long version;

    public LuceneIndexReader(Path path, Duration refreshInterval) {
        this(path, refreshInterval, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES);
    }

    /**
     * @param decodedChunksBytes the heap search may use to keep chunks it decoded from the index (as the standalone
     *                           {@link LuceneSearchIndex} does); 0: none kept
     */
    public LuceneIndexReader(Path path, Duration refreshInterval, long decodedChunksBytes) {
        this.path = path;
        this.refreshNanos = Math.max(0, refreshInterval.toNanos());
        this.decoded = new DecodedChunks(decodedChunksBytes);
        try {
            this.directory = FSDirectory.open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + path, e);
        }
    }

    /** The searcher of the newest commit (reopened when the interval has passed); null while there is no index. */
    private synchronized SearcherManager current() {
        long now = System.nanoTime();
        if (searchers != null && now - lastRefresh < refreshNanos) {
            return searchers;
        }
        lastRefresh = now;
        try {
            if (searchers == null) {
                if (!DirectoryReader.indexExists(directory)) {
                    return null;
                }
                searchers = new SearcherManager(directory, null);
            } else {
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher s = searchers.acquire();
            try {
                DirectoryReader reader = (DirectoryReader) s.getIndexReader();
                model = LuceneSearchIndex.readModel(reader.getIndexCommit().getUserData().entrySet());
                version = reader.getVersion();
            } finally {
                searchers.release(s);
            }
            return searchers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index at " + path, e);
        }
    }

    /** How many decoded chunks it keeps now. */
    long decodedChunkCount() {
        decoded.cleanUp();
        return decoded.size();
    }

    @Override
    public Optional<IndexModel> model() {
        current();
        synchronized (this) {
            return Optional.ofNullable(model);
        }
    }

    @Override
    public long version() {
        current();
        synchronized (this) {
            return version;
        }
    }

    @Override
    public long chunkCount() {
        SearcherManager m = current();
        return m == null ? 0 : LuceneSearchIndex.chunkCount(m);
    }

    @Override
    public OptionalInt segments() {
        SearcherManager m = current();
        return OptionalInt.of(m == null ? 0 : LuceneSearchIndex.segmentCount(m));
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        Query q = queries.keyword(query, filter);
        return search(reader -> q, limit, null);
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
        SearcherManager m = current();
        Query q = queries.keyword(query, filter);
        return m == null ? List.of() : LuceneSearchIndex.search(m, decoded, reader -> q, limit, null, vector);
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        return search(LuceneSearchIndex.semanticQuery(queries, model().orElse(null), vector, constraints, filter, limit), limit,
                vector);
    }

    private List<ChunkHit> search(Function<IndexReader, Query> query, int limit, float[] vector) {
        SearcherManager m = current();
        return m == null ? List.of() : LuceneSearchIndex.search(m, decoded, query, limit, vector, null);
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the search index at " + path + " is read-only in this process; "
                + "the process that writes it applies changes");
    }

    @Override
    public void useModel(IndexModel wanted) {
        throw readOnly();
    }

    @Override
    public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
        throw readOnly();
    }

    @Override
    public void upsert(List<IndexedChunk> chunks) {
        throw readOnly();
    }

    @Override
    public void deleteChunks(Collection<String> chunkIds) {
        throw readOnly();
    }

    @Override
    public void deleteDocuments(Collection<UUID> documentIds) {
        throw readOnly();
    }

    @Override
    public void deleteSource(UUID sourceId) {
        throw readOnly();
    }

    @Override
    public void clear() {
        throw readOnly();
    }

    @Override
    public void commit() {
        // nothing of this process's to make durable
    }

    @Override
    public synchronized void close() {
        try {
            if (searchers != null) {
                searchers.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
