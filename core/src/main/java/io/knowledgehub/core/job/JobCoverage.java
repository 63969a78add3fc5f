package io.knowledgehub.core.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The stored {@link CrawlCoverage} of one crawl job; removed with the job. */
@Entity
@Table(name = "job_coverage")
public class JobCoverage {

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    /** {@link CrawlCoverage} as JSON. */
    @Column(nullable = false)
    public String report;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
