package io.knowledgehub.cluster.index;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import redis.clients.jedis.UnifiedJedis;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared Lucene index as seen by a process that does not write it (the api, the crawler): searches, counts and
 * the model come from a read-only view of the writer's commits; writes go to the writer through a Redis list, in
 * order, and become visible once the writer applied and committed them and this view refreshed (about a second).
 * So, unlike the port's contract, a write is not visible to searches when the call returns.
 */
public final class ForwardingSearchIndex implements SearchIndex {

    private final SearchIndex reader;
    private final IndexWriteLog log;
    /** A clear was sent: until the writer applied it, the model this view shows is no reason to refuse another. */
    private volatile boolean clearSent;

    /** @param reader a read-only view of the shared index, closed with this one */
    public ForwardingSearchIndex(SearchIndex reader, UnifiedJedis redis) {
        this.reader = reader;
        this.log = new IndexWriteLog(redis);
    }

    @Override
    public Optional<IndexModel> model() {
        return reader.model();
    }

    @Override
    public void useModel(IndexModel model) {
        Optional<IndexModel> current = reader.model();
        if (current.isPresent() && !clearSent) {
            if (!current.get().equals(model)) {
                throw new IndexModelMismatchException(current.get(), model);
            }
            return;
        }
        log.append(IndexWrite.useModel(model));
    }

    @Override
    public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
        log.append(IndexWrite.replace(documentId, List.copyOf(chunks)));
    }

    @Override
    public void upsert(List<IndexedChunk> chunks) {
        if (!chunks.isEmpty()) {
            log.append(IndexWrite.upsert(List.copyOf(chunks)));
        }
    }

    @Override
    public void deleteChunks(Collection<String> chunkIds) {
        if (!chunkIds.isEmpty()) {
            log.append(IndexWrite.deleteChunks(List.copyOf(chunkIds)));
        }
    }

    @Override
    public void deleteDocuments(Collection<UUID> documentIds) {
        if (!documentIds.isEmpty()) {
            log.append(IndexWrite.deleteDocuments(List.copyOf(documentIds)));
        }
    }

    @Override
    public void deleteSource(UUID sourceId) {
        log.append(IndexWrite.deleteSource(sourceId));
    }

    @Override
    public void clear() {
        log.append(IndexWrite.clear());
        clearSent = true;
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        return reader.keyword(query, filter, limit);
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        return reader.semantic(vector, constraints, filter, limit);
    }

    @Override
    public void commit() {
        // the writer commits what it applies
    }

    @Override
    public long chunkCount() {
        return reader.chunkCount();
    }

    @Override
    public long version() {
        return reader.version();
    }

    @Override
    public void close() {
        reader.close();
    }
}
