package io.knowledgehub.core.search;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of the search index waiting in the outbox for the indexer, the index's one writer
 * ({@link IndexOutboxRepository}). Which fields are set depends on the {@link Kind}.
 */
@Entity
@Table(name = "index_outbox")
public class IndexWork {

    /** What the indexer does with the entry. */
    public enum Kind {
        /** Remove the documents of {@link #ids} (pages a crawl found gone). */
        DELETE_DOCUMENTS,
        /** Remove every entry of {@link #sourceId} (a deleted source). */
        DELETE_SOURCE,
        /** Remove the chunks of {@link #ids} (chunks replaced by a posted one). */
        DELETE_CHUNKS,
        /** Index the stored chunk of {@link #ids} with {@link #vector} (a chunk posted through the API). */
        UPSERT_CHUNK,
        /** Empty the index for the model {@link #modelName} / {@link #modelDimension} (a rebuild). */
        RESET
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public Kind kind;

    @Column(name = "source_id")
    public UUID sourceId;

    public String ids;

    public byte[] vector;

    @Column(name = "model_name")
    public String modelName;

    @Column(name = "model_dimension")
    public Integer modelDimension;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
