package io.knowledgehub.api.source;

import io.knowledgehub.api.Ids;
import io.knowledgehub.core.job.CoverageRepository;
import io.knowledgehub.core.job.CrawlCoverage;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.source.SourceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;
import java.util.UUID;

/** A source's coverage report: what its last crawl did with each URL it found, and why. */
@Path("/api/v1/sources/{id}/report")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sources", description = "Documentation sites to crawl")
public class SourceReportResource {

    private final SourceService sources;
    private final JobService jobs;
    private final CoverageRepository coverage;

    public SourceReportResource(SourceService sources, JobService jobs, CoverageRepository coverage) {
        this.sources = sources;
        this.jobs = jobs;
        this.coverage = coverage;
    }

    @GET
    @Operation(summary = "Coverage report of the source's last crawl: URLs discovered, fetched, new, updated, "
            + "unchanged, deleted, skipped, failed and not crawled, with the reason for each and sample URLs",
            description = "job is null for a source never crawled; counts is null and reasons empty while the last crawl "
                    + "has no report yet (pending). A running crawl's report is updated every few seconds.")
    public SourceReportView report(@PathParam("id") String id) {
        UUID sourceId = sources.get(Ids.parse("source", id)).id;
        Optional<Job> last = jobs.list(sourceId, null, JobType.CRAWL, 1, 0).jobs().stream().findFirst();
        Optional<CrawlCoverage> report = last.flatMap(j -> coverage.find(j.id));
        return SourceReportView.of(sourceId, last, report);
    }
}
