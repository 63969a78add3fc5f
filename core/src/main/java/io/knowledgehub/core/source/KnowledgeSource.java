package io.knowledgehub.core.source;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered documentation site. */
@Entity
@Table(name = "knowledge_sources")
public class KnowledgeSource {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "base_url", nullable = false)
    public String baseUrl;

    @Column(name = "source_type", nullable = false)
    public String sourceType;

    /** Stored as the JSON object of {@link SourceConfigParser#toJson} ({@link SourceConfigColumn}). */
    @Column(nullable = false)
    @Convert(converter = SourceConfigColumn.class)
    public SourceConfig config;

    /** Not public: a stored source changes status only in {@link SourceService}. Stored as {@link SourceStatus#wire()}. */
    @Column(nullable = false)
    @Convert(converter = SourceStatusColumn.class)
    SourceStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_crawl_at")
    public Instant lastCrawlAt;

    @Column(name = "last_full_crawl_at")
    public Instant lastFullCrawlAt;

    public SourceStatus status() {
        return status;
    }
}
