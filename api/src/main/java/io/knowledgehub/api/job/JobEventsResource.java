package io.knowledgehub.api.job;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/jobs/events}: a server-sent event stream with one {@code job} event (the job as
 * {@code GET /api/v1/jobs/{id}} returns it) whenever a job is created or its status or progress changes.
 */
@Path("/api/v1/jobs/events")
@Tag(name = "Jobs")
public class JobEventsResource {

    private final JobChangeFeed feed;

    public JobEventsResource(JobChangeFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live job updates as server-sent events (event name \"job\", data: the job as JSON)")
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        feed.subscribe(sink, sse);
    }
}
