package io.knowledgehub.api.source;

import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.core.job.Job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A source's coverage report on the wire: its last crawl job, and what became of the URLs that crawl found.
 * {@code job} is null for a source never crawled; {@code counts} is null (and {@code reasons} empty) while the job
 * has no report yet: it is pending, or it ran before reports were kept.
 */
public record SourceReportView(UUID sourceId, CrawlJob job, CrawlCoverage.Counts counts,
                               List<CrawlCoverage.Reason> reasons, int samplesPerReason) {

    /** The crawl job the report is about. */
    public record CrawlJob(UUID id, String status, boolean forceRefresh, Instant createdAt, Instant startedAt,
                           Instant completedAt, String errorMessage) {
    }

    public static SourceReportView of(UUID sourceId, Optional<Job> job, Optional<CrawlCoverage> coverage) {
        CrawlJob crawl = job.map(j -> new CrawlJob(j.id, j.status().wire(), j.forceRefresh, j.createdAt, j.startedAt,
                j.completedAt, j.errorMessage)).orElse(null);
        return new SourceReportView(sourceId, crawl, coverage.map(CrawlCoverage::counts).orElse(null),
                coverage.map(CrawlCoverage::reasons).orElse(List.of()),
                coverage.map(CrawlCoverage::samplesPerReason).orElse(CrawlCoverage.SAMPLES_PER_REASON));
    }
}
