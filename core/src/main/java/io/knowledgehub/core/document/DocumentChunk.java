package io.knowledgehub.core.document;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A piece of a document's text sized for the embedding model; its id derives from (document, index, content hash). */
@Entity
@Table(name = "document_chunks")
public class DocumentChunk {

    @Id
    public String id;

    @Column(name = "document_id", nullable = false)
    public UUID documentId;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Column(name = "chunk_index", nullable = false)
    public int chunkIndex;

    @Column(nullable = false)
    public String content;

    @Column(name = "token_count", nullable = false)
    public int tokenCount;

    @Column(name = "heading_path")
    public String headingPath;

    /** JSON object. */
    public String metadata;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
