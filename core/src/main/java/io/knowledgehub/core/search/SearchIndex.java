package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.SearchQuery;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Port: the search index (Lucene in standalone, Weaviate in cluster mode).
 *
 * <p>Contract: writes are visible to searches when the call returns. {@link #replaceDocument} is atomic for
 * searchers (they see the old chunks or the new ones) and idempotent. Deleting what is not there is a no-op.
 * Searches honour the {@link SearchFilter} and the query's required / excluded clauses and phrases, for
 * semantic search too (they restrict the candidates before the nearest neighbours are taken). Results are
 * ordered best first; equal inputs give equal outputs. Thread-safe.
 */
public interface SearchIndex extends AutoCloseable {

    /** The model of the vectors held, or empty for an index that never held any. */
    Optional<IndexModel> model();

    /**
     * Records the model of an empty index; a no-op when it is the same model.
     *
     * @throws IndexModelMismatchException when the index holds vectors of another model
     */
    void useModel(IndexModel model);

    /** Replaces all chunks of the document by {@code chunks} (an empty list removes the document). */
    void replaceDocument(UUID documentId, List<IndexedChunk> chunks);

    /**
     * {@link #replaceDocument} for each document, in the map's order; an index may make them visible together, once,
     * which saves work when a batch of pages is written (Lucene: one new segment instead of one per page).
     */
    default void replaceDocuments(Map<UUID, List<IndexedChunk>> documents) {
        documents.forEach(this::replaceDocument);
    }

    /** Adds or replaces single chunks by id (chunks supplied from outside, with their own vectors). */
    void upsert(List<IndexedChunk> chunks);

    void deleteChunks(Collection<String> chunkIds);

    void deleteDocuments(Collection<UUID> documentIds);

    void deleteSource(UUID sourceId);

    /** Removes everything, the recorded model included (before a re-index with another model). */
    void clear();

    /** BM25-style relevance over title, headings and content. */
    List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit);

    /**
     * {@link #keyword(SearchQuery, SearchFilter, int)}, each hit with its chunk's cosine similarity to {@code vector}
     * ({@link ChunkHit#cosine()}) where the index can read the chunk's vector in the same pass. Hybrid search then
     * scores a chunk that only keyword retrieval found by its own similarity rather than by a bound, and needs far
     * fewer semantic candidates. By default the cosines are not known (NaN).
     */
    default List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
        return keyword(query, filter, limit);
    }

    /**
     * Nearest neighbours of {@code vector} among the chunks that satisfy the filter and the query's required
     * terms, phrases, prefixes and exclusions ({@code constraints} may be null: no constraint).
     */
    List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit);

    /**
     * Makes every write so far durable: after it returns, a crash (even {@code kill -9}) loses none of them. Writers
     * call it before they record in the database what the write did (documents marked indexed), so that the database
     * never claims more than the index holds after a crash.
     */
    void commit();

    /**
     * Why the index cannot take writes now (a writer a failed write closed, which could not be opened again), if it
     * cannot; reported by the {@code search_index} health component.
     */
    default Optional<String> writeProblem() {
        return Optional.empty();
    }

    /**
     * The ids of the chunks searches see now, by document: for comparing the index with the database (reconcile).
     * Empty when this index cannot list its entries cheaply; then it cannot be reconciled.
     */
    default Optional<Map<UUID, Set<String>>> chunkIdsByDocument() {
        return Optional.empty();
    }

    /**
     * {@link #chunkIdsByDocument()} for these documents only (those without entries are left out): a second look at
     * a few documents. Empty when this index cannot list its entries.
     */
    default Optional<Map<UUID, Set<String>>> chunkIdsOf(Collection<UUID> documents) {
        return chunkIdsByDocument().map(all -> {
            Map<UUID, Set<String>> some = new HashMap<>();
            for (UUID d : documents) {
                Set<String> ids = all.get(d);
                if (ids != null) {
                    some.put(d, ids);
                }
            }
            return some;
        });
    }

    /**
     * Commits every write so far and holds that commit unchanged until the snapshot is closed, for a backup: writes
     * go on meanwhile. Empty when this index has no files of its own to copy (a server such as Weaviate has its own
     * backups).
     */
    default Optional<IndexSnapshot> snapshot() {
        return Optional.empty();
    }

    /**
     * The segments searches read now (each is searched on its own: fewer answer faster); empty where the index has
     * none of its own (a server such as Weaviate).
     */
    default OptionalInt segments() {
        return OptionalInt.empty();
    }

    /**
     * Merges the index into one segment when what lies outside its largest segment (the other segments, and the
     * chunks deleted but still held in it) is at least {@code minShare} of its entries, and says whether it did; an
     * index too large to merge into one here is merged into as few segments as fit (the share applies to each).
     * Searches and writes go on meanwhile; searches read the old segments until the next {@link #commit()}, which
     * makes the merge durable and shows it (so the caller commits where a batch of writes cannot be half-way). What searches find stays the same but for small shifts in scores (deleted
     * chunks stop counting in the word statistics; the vector graph is built again). An index without segments of its
     * own does nothing.
     */
    default boolean mergeSegments(double minShare) {
        return false;
    }

    long chunkCount();

    /** Increases whenever the index content changes (for cache invalidation). */
    long version();

    @Override
    void close();
}
