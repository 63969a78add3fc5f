package io.knowledgehub.core.document;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * Another URL of a source whose content is that of a stored document: the crawler stores the content once and
 * records the other URL here. Shown as the document's {@code aliases}.
 */
@Entity
@Table(name = "document_aliases")
public class DocumentAlias {

    @Id
    public UUID id;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    @Column(name = "document_id", nullable = false)
    public UUID documentId;

    @Column(nullable = false)
    public String url;

    /** The last crawl that found this URL with the document's content. */
    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;
}
