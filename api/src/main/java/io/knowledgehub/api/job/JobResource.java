package io.knowledgehub.api.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.Ids;
import io.knowledgehub.api.http.NoBody;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.job.JobService;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.job.JobType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Crawl and indexing jobs with live progress")
public class JobResource {

    private final JobService jobs;
    private final ObjectMapper json;

    public JobResource(JobService jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @GET
    @Operation(summary = "List jobs, newest first")
    public JobList list(@QueryParam("source_id") String sourceId, @QueryParam("status") String status,
                        @QueryParam("type") String type, @QueryParam("limit") Integer limit,
                        @QueryParam("offset") Integer offset) {
        JobStatus st = status == null || status.isBlank() ? null : JobStatus.parse(status).orElseThrow(() ->
                new InvalidInputException("status", "status must be one of " + Arrays.stream(JobStatus.values())
                        .map(JobStatus::wire).toList() + ", not \"" + status + "\"."));
        JobType ty = type == null || type.isBlank() ? null : JobType.parse(type).orElseThrow(() ->
                new InvalidInputException("type", "type must be \"crawl\" or \"rag\", not \"" + type + "\"."));
        int lim = Ids.limit(limit, 50, 1000);
        int off = Ids.offset(offset, lim, Ids.MAX_LIST_WINDOW);
        JobService.Page page = jobs.list(Ids.filter("source_id", sourceId), st, ty, lim, off);
        return new JobList(page.jobs().stream().map(j -> JobView.of(j, json)).toList(), page.total(), lim, off);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job with its progress and result counters")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(jobs.get(Ids.parse("job", id)), json);
    }

    @POST
    @Path("/{id}/cancel")
    @NoBody
    @Operation(summary = "Cancel a pending or running job; pages already stored are kept")
    public JobView cancel(@PathParam("id") String id) {
        return JobView.of(jobs.cancel(Ids.parse("job", id)), json);
    }

    @POST
    @Path("/{id}/retry")
    @NoBody
    @Operation(summary = "Run a failed or cancelled job again, as a new job")
    public JobView retry(@PathParam("id") String id) {
        return JobView.of(jobs.retry(Ids.parse("job", id)), json);
    }
}
