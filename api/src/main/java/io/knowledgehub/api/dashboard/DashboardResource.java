package io.knowledgehub.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.job.JobView;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.document.DocumentRepository;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobRepository;
import io.knowledgehub.core.job.JobStatus;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.source.SourceRepository;
import io.knowledgehub.service.health.ComponentCheck;
import io.knowledgehub.service.health.HealthChecks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/dashboard}: everything the dashboard page shows, in one request. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard", description = "System overview for the web UI")
public class DashboardResource {

    static final int CRAWL_HOURS = 24;

    public record Component(String name, String status, Map<String, Object> details) {
    }

    public record Counts(long sources, long documents, long chunks, long runningJobs, long pendingJobs) {
    }

    public record CrawlPoint(Instant hour, long pages) {
    }

    public record Series(List<CrawlPoint> pagesCrawled, List<Activity.LatencyPoint> searchLatency,
                         List<Activity.SizePoint> indexSize) {
    }

    public record Dashboard(List<Component> components, Counts counts, List<JobView> activeJobs,
                            List<JobView> recentJobs, Series series) {
    }

    private final HealthChecks checks;
    private final SourceRepository sources;
    private final DocumentRepository documents;
    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Activity activity;

    public DashboardResource(HealthChecks checks, SourceRepository sources, DocumentRepository documents, JobRepository jobs,
                             ObjectMapper json, Activity activity) {
        this.checks = checks;
        this.sources = sources;
        this.documents = documents;
        this.jobs = jobs;
        this.json = json;
        this.activity = activity;
    }

    @GET
    @Operation(summary = "Component health with reasons, counts, active and recent jobs, and chart series")
    public Dashboard get() {
        List<Component> components = new ArrayList<>();
        for (ComponentCheck c : checks.inUse()) {
            ComponentCheck.Result r = HealthChecks.check(c);
            components.add(new Component(c.name(), r.operational() ? "operational" : "down", r.details()));
        }
        activity.sampleIndexSize();
        return QuarkusTransaction.requiringNew().call(() -> {
            Counts counts = new Counts(sources.count(), documents.count(null), documents.countChunks(),
                    jobs.count(null, JobStatus.RUNNING, null),
                    jobs.count(null, JobStatus.PENDING, null));
            List<JobView> active = jobs.active(20).stream().map(j -> JobView.of(j, json)).toList();
            List<JobView> recent = jobs.ended(10).stream().map(j -> JobView.of(j, json)).toList();
            return new Dashboard(components, counts, active, recent,
                    new Series(pagesCrawled(), activity.searchLatency(), activity.indexSize()));
        });
    }

    /** Pages checked by crawls per hour over the last day, running crawls included (counted at their last report). */
    private List<CrawlPoint> pagesCrawled() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(CRAWL_HOURS));
        long[] pages = new long[CRAWL_HOURS];
        List<Job> crawls = jobs.changedSince(JobType.CRAWL, start, Integer.MAX_VALUE);
        for (Job j : crawls) {
            Instant at = j.completedAt != null ? j.completedAt : j.updatedAt;
            int slot = (int) Duration.between(start, at).toHours();
            if (slot >= 0 && slot < CRAWL_HOURS) {
                pages[slot] += pagesChecked(j);
            }
        }
        List<CrawlPoint> out = new ArrayList<>(CRAWL_HOURS);
        for (int i = 0; i < CRAWL_HOURS; i++) {
            out.add(new CrawlPoint(start.plus(Duration.ofHours(i)), pages[i]));
        }
        return out;
    }

    private long pagesChecked(Job j) {
        JsonNode result = StoredJson.read(json, j.result, "job result");
        if (result != null && result.hasNonNull("pages_checked")) {
            return result.get("pages_checked").asLong();
        }
        return j.processedPages;
    }
}
