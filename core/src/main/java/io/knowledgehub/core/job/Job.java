package io.knowledgehub.core.job;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A unit of background work on one source (a crawl, or the indexing of its changed documents). */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    public UUID id;

    @Column(name = "source_id", nullable = false)
    public UUID sourceId;

    /** {@link JobType#wire()} */
    @Column(nullable = false)
    public String type;

    /**
     * Not public: a stored job changes status only through {@link JobRepository#transition}, which enforces
     * {@link JobStatus#canMoveTo}. Stored as {@link JobStatus#wire()}.
     */
    @Column(nullable = false)
    @Convert(converter = JobStatusColumn.class)
    JobStatus status;

    @Column(name = "force_refresh", nullable = false)
    public boolean forceRefresh;

    @Column(nullable = false)
    public int progress;

    @Column(name = "total_pages", nullable = false)
    public int totalPages;

    @Column(name = "processed_pages", nullable = false)
    public int processedPages;

    /** How many times a worker started this job (a restart re-runs a job that was running). */
    @Column(nullable = false)
    public int attempts;

    /** JSON object of result counters ({@link CrawlResult} for crawls). */
    public String result;

    @Column(name = "error_message")
    public String errorMessage;

    /** The failed or cancelled job this one retries, if any. */
    @Column(name = "retry_of")
    public UUID retryOf;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public JobStatus status() {
        return status;
    }
}
