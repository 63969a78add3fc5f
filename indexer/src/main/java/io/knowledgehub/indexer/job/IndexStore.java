package io.knowledgehub.indexer.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.document.DocumentChunk;
import io.knowledgehub.core.document.DocumentRepository;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.indexer.chunk.Chunk;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The indexer's view of the database: documents waiting for indexing, and their stored chunks. */
@ApplicationScoped
public class IndexStore {

    private final DocumentRepository documents;
    private final ObjectMapper json;

    public IndexStore(DocumentRepository documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    public long countPending(UUID sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> documents.countPending(sourceId));
    }

    /** The next pending documents of the source, skipping those already tried in this job. */
    public List<IndexablePage> pending(UUID sourceId, int limit, Set<UUID> skip) {
        return QuarkusTransaction.requiringNew().call(() -> {
            return documents.pending(sourceId, limit, skip);
        });
    }

    /** The document as indexing reads it, whatever its index status; empty when it does not exist. */
    public Optional<IndexablePage> document(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> documents.indexablePage(id));
    }

    /**
     * Stores the document's chunks and marks it indexed, unless the document changed or vanished since it was
     * read (then it stays pending, or is gone). Returns whether it was marked.
     */
    public boolean saveIndexed(IndexablePage doc, List<Chunk> chunks) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!documents.markIndexedIfUnchanged(doc.id(), doc.updatedAt())) {
                return false;
            }
            documents.deleteChunksOf(doc.id());
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
                documents.insertChunk(row);
            }
            return true;
        });
    }

    public void markFailed(UUID documentId) {
        QuarkusTransaction.requiringNew().run(() -> documents.markFailed(documentId));
    }

    public boolean exists(UUID documentId) {
        return QuarkusTransaction.requiringNew().call(() -> documents.exists(documentId));
    }

    /** What the database says the index must hold: every document's index status and its stored chunk ids. */
    public record Expected(Map<UUID, DocumentState> documents) {
    }

    /** @param chunkIds the ids of the chunks stored for the document (the index must hold exactly these once indexed) */
    public record DocumentState(UUID sourceId, IndexStatus status, Set<String> chunkIds) {
    }

    /** Read in one transaction, so documents and chunks agree with each other. */
    public Expected expected() {
        // the chunks first, then the documents (arguments are evaluated in order)
        return QuarkusTransaction.requiringNew().call(() -> expected(documents.chunkIdsByDocument(), documents.indexStates()));
    }

    /** {@link #expected()} for these documents only; those that no longer exist are left out. */
    public Expected expected(Collection<UUID> documentIds) {
        return QuarkusTransaction.requiringNew().call(() -> expected(documents.chunkIdsOf(documentIds),
                documents.indexStates(documentIds)));
    }

    private static Expected expected(Map<UUID, Set<String>> chunks, List<DocumentRepository.IndexState> states) {
        Map<UUID, DocumentState> docs = new HashMap<>();
        for (DocumentRepository.IndexState d : states) {
            docs.put(d.id(), new DocumentState(d.sourceId(), d.status(), chunks.getOrDefault(d.id(), Set.of())));
        }
        return new Expected(docs);
    }

    /** Sends indexed or failed documents back to pending (their index entries are not what the database says). */
    public int markPending(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return 0;
        }
        return QuarkusTransaction.requiringNew().call(() -> documents.markPending(documentIds));
    }

    /** Every document of every source back to pending (a re-index with another model). Returns the source ids. */
    public List<UUID> markAllPending() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            documents.markAllPending();
            documents.deleteAllChunks();
            return documents.sourcesWithDocuments();
        });
    }

    private static Map<String, Object> metadata(IndexablePage doc, Chunk c) {
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
