package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexModelMismatchException;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import io.weaviate.client6.v1.api.Authentication;
import io.weaviate.client6.v1.api.WeaviateApiException;
import io.weaviate.client6.v1.api.WeaviateClient;
import io.weaviate.client6.v1.api.collections.CollectionConfig;
import io.weaviate.client6.v1.api.collections.CollectionHandle;
import io.weaviate.client6.v1.api.collections.Vectors;
import io.weaviate.client6.v1.api.collections.WeaviateObject;
import io.weaviate.client6.v1.api.collections.data.DeleteManyResponse;
import io.weaviate.client6.v1.api.collections.data.InsertManyResponse;
import io.weaviate.client6.v1.api.collections.query.Filter;
import io.weaviate.client6.v1.api.collections.query.Metadata;
import io.weaviate.client6.v1.api.collections.query.QueryResponse;
import io.weaviate.client6.v1.api.collections.query.Target;
import io.weaviate.client6.v1.internal.ObjectBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The cluster search index: one Weaviate collection holding every chunk with its text (BM25F over title, headings
 * and content) and its vector (HNSW, cosine), shared by all KnowledgeHub processes. The embedding model is
 * recorded in the collection {@code <collection>Model} so that chunks are never mixed with vectors of another
 * model. How each query is put to Weaviate, and what is checked here afterwards, is described in
 * {@link WeaviateQueries}. Needs Weaviate 1.33 or newer (exclusions and document replacement use its
 * {@code Not} / {@code ContainsNone} filters).
 *
 * <p>Weaviate answers a write after recording it in its write-ahead log, and the write is searchable from then on
 * (unless the server runs with {@code ASYNC_INDEXING}, where new vectors reach the vector index shortly after), so
 * {@link #commit()} has nothing left to do. {@link #version()} counts this process's writes only: another process
 * writing to the same collection does not change it.
 *
 * <p>Unlike the standalone index, Weaviate has no transactions. {@link #replaceDocument} writes the new chunks
 * first (overwriting those with the same id) and then deletes the document's other chunks, so a concurrent search
 * sees the old chunks, the new ones, or briefly both, never none; if the process stops in between, the old chunks
 * stay until the document is replaced again, which repairs it (replacing is idempotent). {@link #clear()} drops and
 * recreates the collection: searches running meanwhile in other processes fail or find nothing.
 */
public final class WeaviateSearchIndex implements SearchIndex {

    /** Chunks per insert request, and ids per delete request. */
    static final int BATCH_SIZE = 100;

    private final WeaviateClient client;
    private final String collection;
    private final CollectionHandle<Map<String, Object>> chunks;
    private final ModelRecord modelRecord;
    private final AtomicLong version = new AtomicLong();
    /** The recorded model as last seen, for checking vector dimensions before they reach Weaviate. */
    private volatile IndexModel model;

    /**
     * Opens the index in {@code collection}, creating it (and its model record) if missing. The index owns the
     * client from now on and closes it in {@link #close()}.
     */
    public WeaviateSearchIndex(WeaviateClient client, String collection) {
        this.client = client;
        this.collection = collection;
        ensureCollection(collection, ChunkSchema::configure);
        ensureCollection(modelCollection(collection), ModelRecord::configure);
        this.chunks = client.collections.use(collection);
        this.modelRecord = new ModelRecord(client.collections.use(modelCollection(collection)));
        this.model = modelRecord.read().orElse(null);
    }

    /** Connects to the server of {@code settings} and opens the index in its collection. */
    public static WeaviateSearchIndex connect(WeaviateSettings settings) {
        WeaviateClient client = openClient(settings);
        try {
            return new WeaviateSearchIndex(client, settings.collection());
        } catch (RuntimeException e) {
            closeQuietly(client, e);
            throw e;
        }
    }

    /**
     * A client for the server of {@code settings} (it checks at once that the server is live and recent enough).
     */
    public static WeaviateClient openClient(WeaviateSettings settings) {
        return WeaviateClient.connectToCustom(c -> c
                // the scheme first: it resets both ports to the scheme's default
                .scheme(settings.scheme())
                .httpHost(settings.host())
                .httpPort(settings.httpPort())
                .grpcHost(settings.grpcHost())
                .grpcPort(settings.grpcPort())
                .authentication(settings.apiKey() == null ? null : Authentication.apiKey(settings.apiKey())));
    }

    /** The collection that records the embedding model of the chunks in {@code collection}. */
    public static String modelCollection(String collection) {
        return collection + "Model";
    }

    @Override
    public Optional<IndexModel> model() {
        Optional<IndexModel> stored = modelRecord.read();
        model = stored.orElse(null);
        return stored;
    }

    @Override
    public synchronized void useModel(IndexModel wanted) {
        Optional<IndexModel> stored = modelRecord.read();
        if (stored.isPresent()) {
            model = stored.get();
            if (!stored.get().equals(wanted)) {
                throw new IndexModelMismatchException(stored.get(), wanted);
            }
            return;
        }
        modelRecord.write(wanted);
        model = wanted;
    }

    @Override
    public void replaceDocument(UUID documentId, List<IndexedChunk> newChunks) {
        insert(newChunks);
        Filter ofDocument = Filter.property(ChunkSchema.DOCUMENT_ID).eq(documentId.toString());
        Filter stale = newChunks.isEmpty() ? ofDocument : Filter.and(ofDocument,
                Filter.property(ChunkSchema.CHUNK_ID).containsNone(newChunks.stream().map(IndexedChunk::id).toList()));
        deleteAll(stale);
        changed();
    }

    @Override
    public void upsert(List<IndexedChunk> newChunks) {
        if (newChunks.isEmpty()) {
            return;
        }
        insert(newChunks);
        changed();
    }

    @Override
    public void deleteChunks(Collection<String> chunkIds) {
        deleteByValues(ChunkSchema.CHUNK_ID, chunkIds.stream().distinct().toList());
    }

    @Override
    public void deleteDocuments(Collection<UUID> documentIds) {
        deleteByValues(ChunkSchema.DOCUMENT_ID, documentIds.stream().map(UUID::toString).distinct().toList());
    }

    @Override
    public void deleteSource(UUID sourceId) {
        deleteAll(Filter.property(ChunkSchema.SOURCE_ID).eq(sourceId.toString()));
        changed();
    }

    @Override
    public synchronized void clear() {
        try {
            // dropping is immediate whatever the size; deleting object by object is not
            client.collections.delete(collection);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop the Weaviate collection " + collection, e);
        }
        modelRecord.delete();
        model = null;
        ensureCollection(collection, ChunkSchema::configure);
        changed();
    }

    @Override
    public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
        WeaviateQueries.Plan plan = WeaviateQueries.keyword(query, filter);
        if (plan.matchesNothing()) {
            return List.of();
        }
        List<String> expansions = plan.prefixes().isEmpty() ? List.of()
                : WeaviateQueries.expansions(plan.prefixes(), prefixCandidates(plan));
        String text = WeaviateQueries.bm25Text(plan.words(), expansions);
        if (text == null) {
            return List.of();
        }
        QueryResponse<Map<String, Object>> response = chunks.query.bm25(text, b -> {
            b.queryProperties(WeaviateQueries.KEYWORD_PROPERTIES)
                    .limit(plan.fetchSize(limit))
                    .returnProperties(ChunkSchema.RETURNED)
                    .returnMetadata(Metadata.SCORE);
            return plan.filter() == null ? b : b.filters(plan.filter());
        });
        return hits(response, plan, limit, o -> WeaviateQueries.bm25(o.queryMetadata().score()));
    }

    @Override
    public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
        checkDimension("the query vector", vector);
        WeaviateQueries.Plan plan = WeaviateQueries.semantic(constraints, filter);
        if (plan.matchesNothing()) {
            return List.of();
        }
        QueryResponse<Map<String, Object>> response = chunks.query.nearVector(Target.vector(ChunkSchema.VECTOR, vector), b -> {
            b.limit(plan.fetchSize(limit))
                    .returnProperties(ChunkSchema.RETURNED)
                    .returnMetadata(Metadata.DISTANCE);
            return plan.filter() == null ? b : b.filters(plan.filter());
        });
        return hits(response, plan, limit, o -> WeaviateQueries.cosine(o.queryMetadata().distance()));
    }

    /** Nothing to do: Weaviate answers a write once it is in its write-ahead log. */
    @Override
    public void commit() {
    }

    @Override
    public long chunkCount() {
        Long total = chunks.aggregate.overAll(a -> a.includeTotalCount(true)).totalCount();
        return total == null ? 0 : total;
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the Weaviate client", e);
        }
    }

    private void insert(List<IndexedChunk> list) {
        for (int from = 0; from < list.size(); from += BATCH_SIZE) {
            List<IndexedChunk> batch = list.subList(from, Math.min(list.size(), from + BATCH_SIZE));
            List<WeaviateObject<Map<String, Object>>> objects = batch.stream().map(this::toObject).toList();
            InsertManyResponse response = chunks.data.insertMany(objects);
            if (!response.errors().isEmpty()) {
                throw new IllegalStateException("Weaviate refused " + response.errors().size() + " of " + batch.size()
                        + " chunks, the first because: " + response.errors().get(0));
            }
        }
    }

    private WeaviateObject<Map<String, Object>> toObject(IndexedChunk c) {
        checkDimension("chunk " + c.id(), c.vector());
        return WeaviateObject.<Map<String, Object>>of(o -> o
                .uuid(ChunkSchema.objectId(c.id()).toString())
                .properties(ChunkSchema.properties(c))
                .vectors(Vectors.of(ChunkSchema.VECTOR, c.vector())));
    }

    private void deleteByValues(String property, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        for (int from = 0; from < values.size(); from += BATCH_SIZE) {
            deleteAll(Filter.property(property).containsAny(values.subList(from, Math.min(values.size(), from + BATCH_SIZE))));
        }
        changed();
    }

    /**
     * Deletes every chunk matching {@code filter}. One request deletes at most the server's query maximum
     * ({@code QUERY_MAXIMUM_RESULTS}), so it is repeated until nothing matches any more.
     */
    private void deleteAll(Filter filter) {
        while (true) {
            DeleteManyResponse response = chunks.data.deleteMany(filter);
            if (response.failed() > 0) {
                throw new IllegalStateException("Weaviate could not delete " + response.failed() + " of "
                        + response.matches() + " chunks");
            }
            if (response.matches() == 0 || response.successful() == 0) {
                return;
            }
        }
    }

    /** The chunks a prefix is expanded from: those with a word starting with it, within the filter. */
    private List<IndexedChunk> prefixCandidates(WeaviateQueries.Plan plan) {
        return chunks.query.fetchObjects(b -> b.filters(plan.prefixFilter())
                        .limit(WeaviateQueries.EXPANSION_CANDIDATES)
                        .returnProperties(ChunkSchema.RETURNED))
                .objects().stream().map(o -> ChunkSchema.chunk(o.properties())).toList();
    }

    private List<ChunkHit> hits(QueryResponse<Map<String, Object>> response, WeaviateQueries.Plan plan, int limit,
                                ToDoubleFunction<WeaviateObject<Map<String, Object>>> score) {
        return response.objects().stream()
                .map(o -> new ChunkHit(ChunkSchema.chunk(o.properties()), (float) score.applyAsDouble(o)))
                .filter(h -> plan.accepts(h.chunk()))
                .sorted(WeaviateQueries.BEST_FIRST)
                .limit(Math.max(1, limit))
                .toList();
    }

    private void checkDimension(String what, float[] vector) {
        if (vector == null) {
            throw new IllegalArgumentException(what + " has no vector");
        }
        IndexModel current = model;
        if (current != null && vector.length != current.dimension()) {
            throw new IllegalArgumentException(what + " has a vector of " + vector.length + " dimensions; this index holds "
                    + current.dimension());
        }
    }

    private void changed() {
        version.incrementAndGet();
    }

    /** Creates the collection unless it exists; another process creating it at the same moment is fine. */
    private void ensureCollection(String name, Function<CollectionConfig.Builder, ObjectBuilder<CollectionConfig>> schema) {
        try {
            if (client.collections.exists(name)) {
                return;
            }
            try {
                client.collections.create(name, schema);
            } catch (WeaviateApiException e) {
                if (!client.collections.exists(name)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Weaviate to set up the collection " + name, e);
        }
    }

    private static void closeQuietly(WeaviateClient client, Exception cause) {
        try {
            client.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
