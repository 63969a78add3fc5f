package io.knowledgehub.indexer.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.document.DocumentChunk;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.document.StoredHeadings;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.core.search.ChunkIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The indexer's view of the database: documents waiting for indexing, and their stored chunks. */
@ApplicationScoped
public class IndexStore {

    private final EntityManager em;
    private final ObjectMapper json;

    public IndexStore(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** A document to index, as read; {@code updatedAt} detects a change made while it was being indexed. */
    /** @param contentType the document's stored content type ({@code text/html}, {@code text/markdown} ...), indexed with its chunks */
    public record PendingDocument(UUID id, UUID sourceId, String url, String title, String content,
                                  List<Heading> headings, Instant changedAt, Instant updatedAt, String contentType) {

        /** An HTML page. */
        public PendingDocument(UUID id, UUID sourceId, String url, String title, String content, List<Heading> headings,
                               Instant changedAt, Instant updatedAt) {
            this(id, sourceId, url, title, content, headings, changedAt, updatedAt, "text/html");
        }
    }

    public long countPending(UUID sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select count(*) from Document d where d.sourceId = :s and d.indexStatus = :pending", Long.class)
                .setParameter("s", sourceId).setParameter("pending", IndexStatus.PENDING).getSingleResult());
    }

    /** The next pending documents of the source, skipping those already tried in this job. */
    public List<PendingDocument> pending(UUID sourceId, int limit, java.util.Set<UUID> skip) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<PendingDocument> out = new ArrayList<>();
            var q = em.createQuery("select d.id, d.url, d.title, d.content, d.headings, d.changedAt, d.updatedAt, d.contentType from Document d "
                    + "where d.sourceId = :s and d.indexStatus = :pending" + (skip.isEmpty() ? "" : " and d.id not in :skip")
                    + " order by d.url", Object[].class).setParameter("s", sourceId).setParameter("pending", IndexStatus.PENDING)
                    .setMaxResults(limit);
            if (!skip.isEmpty()) {
                q.setParameter("skip", skip);
            }
            for (Object[] r : q.getResultList()) {
                out.add(new PendingDocument((UUID) r[0], sourceId, (String) r[1], (String) r[2], (String) r[3],
                        StoredHeadings.read((String) r[4]), (Instant) r[5], (Instant) r[6], (String) r[7]));
            }
            return out;
        });
    }

    /** The document as indexing reads it, whatever its index status; empty when it does not exist. */
    public java.util.Optional<PendingDocument> document(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("select d.sourceId, d.url, d.title, d.content, d.headings, "
                        + "d.changedAt, d.updatedAt, d.contentType from Document d where d.id = :id", Object[].class)
                .setParameter("id", id).getResultList().stream().findFirst()
                .map(r -> new PendingDocument(id, (UUID) r[0], (String) r[1], (String) r[2], (String) r[3], StoredHeadings.read((String) r[4]),
                        (Instant) r[5], (Instant) r[6], (String) r[7])));
    }

    /**
     * Stores the document's chunks and marks it indexed, unless the document changed or vanished since it was
     * read (then it stays pending, or is gone). Returns whether it was marked.
     */
    public boolean saveIndexed(PendingDocument doc, List<Chunk> chunks) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int marked = em.createQuery("update Document set indexStatus = :indexed where id = :id and updatedAt = :u "
                            + "and indexStatus = :pending")
                    .setParameter("indexed", IndexStatus.INDEXED).setParameter("pending", IndexStatus.PENDING).setParameter("id", doc.id())
                    .setParameter("u", doc.updatedAt()).executeUpdate();
            if (marked == 0) {
                return false;
            }
            em.createQuery("delete from DocumentChunk where documentId = :id").setParameter("id", doc.id()).executeUpdate();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (Chunk c : chunks) {
                DocumentChunk row = new DocumentChunk();
                row.id = ChunkIds.of(doc.id(), c.index(), c.contentHash());
                row.documentId = doc.id();
                row.sourceId = doc.sourceId();
                row.chunkIndex = c.index();
                row.content = c.content();
                row.tokenCount = c.tokenCount();
                row.headingPath = truncate(String.join(" › ", c.headingPath()), 2000);
                row.metadata = StoredJson.write(json, metadata(doc, c));
                row.createdAt = now;
                em.persist(row);
            }
            return true;
        });
    }

    public void markFailed(UUID documentId) {
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("update Document set indexStatus = :failed where id = :id")
                .setParameter("failed", IndexStatus.FAILED).setParameter("id", documentId).executeUpdate());
    }

    public boolean exists(UUID documentId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("select count(*) from Document where id = :id", Long.class)
                .setParameter("id", documentId).getSingleResult() > 0);
    }

    /** What the database says the index must hold: every document's index status and its stored chunk ids. */
    public record Expected(Map<UUID, DocumentState> documents) {
    }

    /** @param chunkIds the ids of the chunks stored for the document (the index must hold exactly these once indexed) */
    public record DocumentState(UUID sourceId, IndexStatus status, Set<String> chunkIds) {
    }

    /** Read in one transaction, so documents and chunks agree with each other. */
    public Expected expected() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, Set<String>> chunks = new HashMap<>();
            for (Object[] r : em.createQuery("select c.documentId, c.id from DocumentChunk c", Object[].class).getResultList()) {
                chunks.computeIfAbsent((UUID) r[0], k -> new HashSet<>()).add((String) r[1]);
            }
            Map<UUID, DocumentState> docs = new HashMap<>();
            for (Object[] r : em.createQuery("select d.id, d.sourceId, d.indexStatus from Document d", Object[].class).getResultList()) {
                docs.put((UUID) r[0], new DocumentState((UUID) r[1], (IndexStatus) r[2], chunks.getOrDefault((UUID) r[0], Set.of())));
            }
            return new Expected(docs);
        });
    }

    /** Sends indexed or failed documents back to pending (their index entries are not what the database says). */
    public int markPending(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return 0;
        }
        List<UUID> all = new ArrayList<>(documentIds);
        return QuarkusTransaction.requiringNew().call(() -> {
            int marked = 0;
            // in slices: after a crash during a rebuild every document can be here, more than a query may bind
            for (int i = 0; i < all.size(); i += 1000) {
                marked += em.createQuery("update Document set indexStatus = :pending where id in :ids and indexStatus <> :pending")
                        .setParameter("pending", IndexStatus.PENDING)
                        .setParameter("ids", all.subList(i, Math.min(all.size(), i + 1000))).executeUpdate();
            }
            return marked;
        });
    }

    /** Every document of every source back to pending (a re-index with another model). Returns the source ids. */
    public List<UUID> markAllPending() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            em.createQuery("update Document set indexStatus = :pending").setParameter("pending", IndexStatus.PENDING).executeUpdate();
            em.createQuery("delete from DocumentChunk").executeUpdate();
            return em.createQuery("select distinct d.sourceId from Document d", UUID.class).getResultList();
        });
    }

    private static Map<String, Object> metadata(PendingDocument doc, Chunk c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", doc.title());
        m.put("url", doc.url());
        m.put("anchor", c.anchor());
        if (!c.sections().isEmpty()) {
            m.put("sections", c.sections().stream().map(l -> {
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("heading", l.heading());
                section.put("anchor", l.anchor());
                return section;
            }).toList());
        }
        m.put("heading_path", c.headingPath());
        m.put("content_hash", c.contentHash());
        return m;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
