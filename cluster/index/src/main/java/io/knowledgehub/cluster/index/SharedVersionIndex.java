package io.knowledgehub.cluster.index;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import redis.clients.jedis.UnifiedJedis;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A search index shared by several processes (Weaviate) whose {@link #version()} must change when ANY of them writes:
 * the search cache keys its answers by it, and the api replicas that cache answers are not the processes that index.
 * Every write, once done, increments the Redis counter {@value #KEY}; the version is that counter. When Redis cannot
 * be reached the version is this process's own count (the shared search cache is unreachable then too).
 */
public final class SharedVersionIndex implements SearchIndex {

    public static final String KEY = "search_index:version";

    private final SearchIndex index;
    private final UnifiedJedis redis;

    public SharedVersionIndex(SearchIndex index, UnifiedJedis redis) {
        this.index = index;
        this.redis = redis;
    }

    private void changed() {
        try {
            redis.incr(KEY);
        } catch (RuntimeException e) {
            // readers fall back to their own counts; nothing to do here
        }
    }

    private <T> T write(Supplier<T> op) {
        T t = op.get();
        changed();
        return t;
    }

    @Override
    public long version() {
        try {
            String v = redis.get(KEY);
            return v == null ? 0 : Long.parseLong(v);
        } catch (RuntimeException e) {
            return -1 - index.version();
        }
    }

    @Override
    public Optional<IndexModel> model() {
        return index.model();
    }

    @Override
    public void useModel(IndexModel model) {
        write(() -> {
            index.useModel(model);
            return null;
        });
    }

    @Override
    public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
        write(() -> {
            index.replaceDocument(documentId, chunks);
            return null;
        });
    }

    @Override
    public void upsert(List<IndexedChunk> chunks) {
        write(() -> {
            index.upsert(chunks);
            return null;
        });
    }

    @Override
    public void deleteChunks(Collection<String> chunkIds) {
        write(() -> {
            index.deleteChunks(chunkIds);
            return null;
        });
    }

    @Override
    public void deleteDocuments(Collection<UUID> documentIds) {
        write(() -> {
            index.deleteDocuments(documentIds);
            return null;
        });
    }

    @Override
    public void deleteSource(UUID sourceId) {
        write(() -> {
            index.deleteSource(sourceId);
            return null;
        });
    }

    @Override
    public void clear() {
        write(() -> {
            index.clear();
            return null;
        });
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        return index.keyword(query, filter, limit);
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
        return index.keyword(query, filter, limit, vector);
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        return index.semantic(vector, constraints, filter, limit);
    }

    @Override
    public void commit() {
        index.commit();
    }

    @Override
    public OptionalInt segments() {
        return index.segments();
    }

    /** No new version: a merge changes no content, so the answers cached for this version stay right. */
    @Override
    public boolean mergeSegments(double minShare) {
        return index.mergeSegments(minShare);
    }

    @Override
    public long chunkCount() {
        return index.chunkCount();
    }

    @Override
    public void close() {
        index.close();
    }
}
