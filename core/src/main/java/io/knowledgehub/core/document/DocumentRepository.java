package io.knowledgehub.core.document;

import io.knowledgehub.core.search.ChunkIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Documents with their chunks and aliases, one aggregate: every query on the three tables lives here. A document's
 * index status changes only through the conditional updates below. The rules (what a crawl stores, when a document
 * is indexed, what a client may add) belong to the callers, and every method but {@link #existing} runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class DocumentRepository {

    /**
     * The search guard's statement: the ids as one array parameter, so that its text never changes with their number
     * and the pool's prepared statement and the database's plan are reused. The same on H2 and PostgreSQL.
     */
    static final String EXISTING_SQL = "select id from documents where id = any(?)";

    /** Ids bound by one statement at most: far below any engine's limit on bound parameters. */
    private static final int SLICE = 1000;
    private static final String INDEX_STATES = "select d.id, d.sourceId, d.indexStatus from Document d";
    private static final String CHUNK_IDS = "select c.documentId, c.id from DocumentChunk c";

    private final EntityManager em;
    private final DataSource dataSource;

    public DocumentRepository(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /** What the next crawl needs of a stored page; {@code outlinks} is the stored JSON array. */
    public record CrawlState(UUID id, String url, String contentHash, String etag, String lastModified, String outlinks,
                             String twinUrl, String twinEtag, String twinLastModified) {
    }

    /** A document's index status and source. */
    public record IndexState(UUID id, UUID sourceId, IndexStatus status) {
    }

    // ---- documents

    /** The document, managed: changes to it are stored when the transaction commits. */
    public Optional<Document> find(UUID id) {
        return Optional.ofNullable(em.find(Document.class, id));
    }

    /** Whether the document exists. */
    public boolean exists(UUID id) {
        return em.createQuery("select count(*) from Document where id = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    /** Stores a new document. */
    public void insert(Document document) {
        em.persist(document);
    }

    /** A page of the documents of a source (null: of all sources), in URL order. */
    public List<Document> page(UUID sourceId, int limit, int offset) {
        TypedQuery<Document> q = em.createQuery("from Document" + ofSource(sourceId) + " order by url", Document.class);
        if (sourceId != null) {
            q.setParameter("s", sourceId);
        }
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** How many documents a source has (null: all sources together). */
    public long count(UUID sourceId) {
        TypedQuery<Long> c = em.createQuery("select count(*) from Document" + ofSource(sourceId), Long.class);
        if (sourceId != null) {
            c.setParameter("s", sourceId);
        }
        return c.getSingleResult();
    }

    private static String ofSource(UUID sourceId) {
        return sourceId == null ? "" : " where sourceId = :s";
    }

    /** The documents stored under exactly this URL, oldest first, {@code max} at most. */
    public List<Document> withUrl(String url, int max) {
        return em.createQuery("from Document where url = :u order by createdAt, id", Document.class)
                .setParameter("u", url).setMaxResults(max).getResultList();
    }

    /** The documents that have this URL as an alias, oldest first, {@code max} at most. */
    public List<Document> withAlias(String url, int max) {
        return em.createQuery("from Document d where d.id in (select a.documentId from DocumentAlias a "
                        + "where a.url = :u) order by d.createdAt, d.id", Document.class)
                .setParameter("u", url).setMaxResults(max).getResultList();
    }

    /** The number of documents of each of the sources; sources without documents are absent. */
    public Map<UUID, Long> countsBySource(Collection<UUID> sourceIds) {
        return perSource("select d.sourceId, count(*) from Document d where d.sourceId in :ids group by d.sourceId", sourceIds);
    }

    /** What the next crawl of the source needs to know of each of its stored pages. */
    public List<CrawlState> crawlStates(UUID sourceId) {
        List<CrawlState> out = new ArrayList<>();
        for (Object[] row : em.createQuery("select d.id, d.url, d.contentHash, d.etag, d.lastModified, d.outlinks, "
                + "d.twinUrl, d.twinEtag, d.twinLastModified from Document d where d.sourceId = :s", Object[].class)
                .setParameter("s", sourceId).getResultList()) {
            out.add(new CrawlState((UUID) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                    (String) row[5], (String) row[6], (String) row[7], (String) row[8]));
        }
        return out;
    }

    /**
     * Removes the documents with their chunks. Their aliases go with them (the schema cascades), and their index
     * entries are the caller's to remove.
     */
    public void deleteWithChunks(Collection<UUID> documentIds) {
        em.createQuery("delete from DocumentChunk where documentId in :ids").setParameter("ids", documentIds).executeUpdate();
        em.createQuery("delete from Document where id in :ids").setParameter("ids", documentIds).executeUpdate();
    }

    /** Removes the source's chunks and documents (the source is being removed). */
    public void deleteOfSource(UUID sourceId) {
        em.createQuery("delete from DocumentChunk where sourceId = :id").setParameter("id", sourceId).executeUpdate();
        em.createQuery("delete from Document where sourceId = :id").setParameter("id", sourceId).executeUpdate();
    }

    /**
     * The ids of {@code ids} that the documents table holds, in one statement on a connection of its own (no
     * transaction): the search guard, run for every search.
     */
    public Set<UUID> existing(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try (Connection c = dataSource.getConnection()) {
            return existing(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check which documents exist: " + e.getMessage(), e);
        }
    }

    private static Set<UUID> existing(Connection c, Set<UUID> ids) throws SQLException {
        Array array = c.createArrayOf("uuid", ids.toArray());
        try (PreparedStatement ps = c.prepareStatement(EXISTING_SQL)) {
            ps.setArray(1, array);
            Set<UUID> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        } finally {
            array.free();
        }
    }

    // ---- index status

    /** How many of the source's documents wait for indexing. */
    public long countPending(UUID sourceId) {
        return em.createQuery("select count(*) from Document d where d.sourceId = :s and d.indexStatus = :pending", Long.class)
                .setParameter("s", sourceId).setParameter("pending", IndexStatus.PENDING).getSingleResult();
    }

    /** The source's next {@code limit} documents waiting for indexing in URL order, but those of {@code skip}. */
    public List<IndexablePage> pending(UUID sourceId, int limit, Set<UUID> skip) {
        var q = em.createQuery("select d.id, d.sourceId, d.url, d.title, d.content, d.headings, d.changedAt, d.updatedAt, d.contentType "
                        + "from Document d where d.sourceId = :s and d.indexStatus = :pending" + (skip.isEmpty() ? "" : " and d.id not in :skip")
                        + " order by d.url", Object[].class).setParameter("s", sourceId).setParameter("pending", IndexStatus.PENDING)
                .setMaxResults(limit);
        if (!skip.isEmpty()) {
            q.setParameter("skip", skip);
        }
        return q.getResultList().stream().map(DocumentRepository::indexablePage).toList();
    }

    /** The document as indexing reads it, whatever its index status. */
    public Optional<IndexablePage> indexablePage(UUID id) {
        return em.createQuery("select d.id, d.sourceId, d.url, d.title, d.content, d.headings, d.changedAt, d.updatedAt, d.contentType "
                        + "from Document d where d.id = :id", Object[].class)
                .setParameter("id", id).getResultList().stream().findFirst().map(DocumentRepository::indexablePage);
    }

    private static IndexablePage indexablePage(Object[] r) {
        return new IndexablePage((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4],
                StoredHeadings.read((String) r[5]), (Instant) r[6], (Instant) r[7], (String) r[8]);
    }

    /**
     * Pending → indexed, only while the document is still the version read ({@code updatedAt}): false when it
     * changed or vanished meanwhile, or is no longer pending.
     */
    public boolean markIndexedIfUnchanged(UUID id, Instant updatedAt) {
        return em.createQuery("update Document set indexStatus = :indexed where id = :id and updatedAt = :u "
                        + "and indexStatus = :pending")
                .setParameter("indexed", IndexStatus.INDEXED).setParameter("pending", IndexStatus.PENDING).setParameter("id", id)
                .setParameter("u", updatedAt).executeUpdate() == 1;
    }

    /** The document could not be indexed: failed, whatever its status was. */
    public void markFailed(UUID id) {
        em.createQuery("update Document set indexStatus = :failed where id = :id")
                .setParameter("failed", IndexStatus.FAILED).setParameter("id", id).executeUpdate();
    }

    /**
     * Indexed or failed documents of {@code ids} back to pending; returns how many moved. Bound in slices, as every
     * document can be here (after a crash during a rebuild), more than one statement may bind.
     */
    public int markPending(Collection<UUID> ids) {
        List<UUID> all = new ArrayList<>(ids);
        int marked = 0;
        for (int i = 0; i < all.size(); i += SLICE) {
            marked += em.createQuery("update Document set indexStatus = :pending where id in :ids and indexStatus <> :pending")
                    .setParameter("pending", IndexStatus.PENDING)
                    .setParameter("ids", all.subList(i, Math.min(all.size(), i + SLICE))).executeUpdate();
        }
        return marked;
    }

    /** Every document back to pending (a re-index with another model). */
    public void markAllPending() {
        em.createQuery("update Document set indexStatus = :pending").setParameter("pending", IndexStatus.PENDING).executeUpdate();
    }

    /** Every document's source and index status. */
    public List<IndexState> indexStates() {
        return em.createQuery(INDEX_STATES, Object[].class).getResultList().stream().map(DocumentRepository::indexState).toList();
    }

    /** The source and index status of each of these documents that exists. */
    public List<IndexState> indexStates(Collection<UUID> ids) {
        return rowsInSlices(INDEX_STATES + " where d.id in :ids", ids).stream().map(DocumentRepository::indexState).toList();
    }

    private static IndexState indexState(Object[] row) {
        return new IndexState((UUID) row[0], (UUID) row[1], (IndexStatus) row[2]);
    }

    /** The sources that have documents. */
    public List<UUID> sourcesWithDocuments() {
        return em.createQuery("select distinct d.sourceId from Document d", UUID.class).getResultList();
    }

    // ---- chunks

    /** The document's chunks in order. */
    public List<DocumentChunk> chunksOf(UUID documentId) {
        return em.createQuery("from DocumentChunk where documentId = :d order by chunkIndex", DocumentChunk.class)
                .setParameter("d", documentId).getResultList();
    }

    public Optional<DocumentChunk> findChunk(String id) {
        return Optional.ofNullable(em.find(DocumentChunk.class, id));
    }

    /** The ids of the chunks stored at this position of the document (one, but for races). */
    public List<String> chunkIdsAt(UUID documentId, int chunkIndex) {
        return em.createQuery("select c.id from DocumentChunk c where c.documentId = :d and c.chunkIndex = :i", String.class)
                .setParameter("d", documentId).setParameter("i", chunkIndex).getResultList();
    }

    /** Removes the chunks at this position of the document. */
    public void deleteChunksAt(UUID documentId, int chunkIndex) {
        em.createQuery("delete from DocumentChunk where documentId = :d and chunkIndex = :i")
                .setParameter("d", documentId).setParameter("i", chunkIndex).executeUpdate();
    }

    /** Removes all the document's chunks. */
    public void deleteChunksOf(UUID documentId) {
        em.createQuery("delete from DocumentChunk where documentId = :id").setParameter("id", documentId).executeUpdate();
    }

    /** Removes every chunk of every document (a re-index with another model). */
    public void deleteAllChunks() {
        em.createQuery("delete from DocumentChunk").executeUpdate();
    }

    public void insertChunk(DocumentChunk chunk) {
        em.persist(chunk);
    }

    /** How many chunks there are in all. */
    public long countChunks() {
        return em.createQuery("select count(*) from DocumentChunk", Long.class).getSingleResult();
    }

    /** The number of chunks of each of the sources; sources without chunks are absent. */
    public Map<UUID, Long> chunkCountsBySource(Collection<UUID> sourceIds) {
        return perSource("select c.sourceId, count(*) from DocumentChunk c where c.sourceId in :ids group by c.sourceId", sourceIds);
    }

    /** The ids of every document's stored chunks; documents without chunks are absent. */
    public Map<UUID, Set<String>> chunkIdsByDocument() {
        // Only the ids are read: each names its document (ChunkIds), and the primary key's index holds them, so the
        // database reads that index instead of every chunk's row with its text (a million chunks: H2 took ~25 s to
        // scan the rows at start-up, where the reconcile asks for this). An id of another form is looked up.
        Map<UUID, Set<String>> chunks = new HashMap<>();
        List<String> other = new ArrayList<>();
        for (String id : em.createQuery("select c.id from DocumentChunk c", String.class).getResultList()) {
            UUID document = ChunkIds.documentOf(id);
            if (document == null) {
                other.add(id);
            } else {
                chunks.computeIfAbsent(document, k -> new HashSet<>()).add(id);
            }
        }
        addChunkIds(rowsInSlices(CHUNK_IDS + " where c.id in :ids", other), chunks);
        return chunks;
    }

    /** {@link #chunkIdsByDocument()} for these documents only (those without chunks are left out). */
    public Map<UUID, Set<String>> chunkIdsOf(Collection<UUID> documentIds) {
        Map<UUID, Set<String>> chunks = new HashMap<>();
        addChunkIds(rowsInSlices(CHUNK_IDS + " where c.documentId in :ids", documentIds), chunks);
        return chunks;
    }

    /** Rows of {@link #CHUNK_IDS}, each chunk id under its document. */
    private static void addChunkIds(List<Object[]> rows, Map<UUID, Set<String>> into) {
        for (Object[] r : rows) {
            into.computeIfAbsent((UUID) r[0], k -> new HashSet<>()).add((String) r[1]);
        }
    }

    /** The rows of {@code jpql}, which binds {@code :ids}, for all these ids: a {@link #SLICE} of them a statement. */
    private List<Object[]> rowsInSlices(String jpql, Collection<?> ids) {
        List<?> all = List.copyOf(ids);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SLICE) {
            rows.addAll(em.createQuery(jpql, Object[].class).setParameter("ids", all.subList(i, Math.min(all.size(), i + SLICE)))
                    .getResultList());
        }
        return rows;
    }

    private Map<UUID, Long> perSource(String jpql, Collection<UUID> sourceIds) {
        Map<UUID, Long> out = new HashMap<>();
        for (Object[] row : em.createQuery(jpql, Object[].class).setParameter("ids", sourceIds).getResultList()) {
            out.put((UUID) row[0], (Long) row[1]);
        }
        return out;
    }

    // ---- aliases

    /** The other URLs of the document's content, in URL order, {@code max} at most. */
    public List<String> aliasUrls(UUID documentId, int max) {
        return em.createQuery("select a.url from DocumentAlias a where a.documentId = :d order by a.url", String.class)
                .setParameter("d", documentId).setMaxResults(max).getResultList();
    }

    /** Forgets the source's aliases at these URLs. */
    public void deleteAliases(UUID sourceId, Collection<String> urls) {
        em.createQuery("delete from DocumentAlias where sourceId = :s and url in :urls")
                .setParameter("s", sourceId).setParameter("urls", urls).executeUpdate();
    }

    /**
     * Records each URL of {@code aliases} as an alias of its document, seen at {@code seenAt}: a new alias, or the
     * source's alias at that URL pointed at the document. The documents must be stored in this transaction or before.
     */
    public void recordAliases(UUID sourceId, Map<String, UUID> aliases, Instant seenAt) {
        // the documents of this transaction are written before the aliases that point at them
        em.flush();
        Map<String, DocumentAlias> existing = new HashMap<>();
        em.createQuery("from DocumentAlias where sourceId = :s and url in :urls", DocumentAlias.class)
                .setParameter("s", sourceId).setParameter("urls", aliases.keySet()).getResultList()
                .forEach(a -> existing.put(a.url, a));
        aliases.forEach((url, documentId) -> {
            DocumentAlias alias = existing.get(url);
            if (alias == null) {
                alias = new DocumentAlias();
                alias.id = UUID.randomUUID();
                alias.sourceId = sourceId;
                alias.url = url;
                alias.documentId = documentId;
                alias.seenAt = seenAt;
                em.persist(alias);
            } else {
                alias.documentId = documentId;
                alias.seenAt = seenAt;
            }
        });
    }

    /** Removes the source's aliases last seen before {@code since}; returns how many. */
    /**
     * Drops the HTTP validators (ETag, Last-Modified) of the source's pages and of their Markdown twins, so that the next
     * crawls fetch each page in full (no 304) and read it again; used when the settings that decide a page's text changed.
     */
    public int forgetValidators(UUID sourceId) {
        return em.createQuery("update Document d set d.etag = null, d.lastModified = null, d.twinEtag = null, "
                        + "d.twinLastModified = null where d.sourceId = :s")
                .setParameter("s", sourceId).executeUpdate();
    }

    public int deleteAliasesNotSeenSince(UUID sourceId, Instant since) {
        return em.createQuery("delete from DocumentAlias where sourceId = :s and seenAt < :since")
                .setParameter("s", sourceId).setParameter("since", since).executeUpdate();
    }
}
