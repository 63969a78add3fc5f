package io.knowledgehub.api.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.Ids;
import io.knowledgehub.core.error.InvalidInputException;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.source.KnowledgeSource;
import io.knowledgehub.core.source.NewSource;
import io.knowledgehub.core.source.SourcePatch;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.core.source.SourceStats;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sources", description = "Documentation sites to crawl")
public class SourceResource {

    private final SourceService sources;
    private final ObjectMapper json;

    public SourceResource(SourceService sources, ObjectMapper json) {
        this.sources = sources;
        this.json = json;
    }

    @POST
    @Operation(summary = "Register a source and start its first crawl")
    public Response create(CreateSourceRequest body) {
        if (body == null) {
            throw new InvalidInputException(null,
                    "Send a JSON body with at least name and base_url, e.g. {\"name\": \"Docs\", \"base_url\": \"https://docs.example.com/\"}.");
        }
        SourceService.Created created = sources.create(new NewSource(body.name(), body.description(), body.baseUrl(),
                body.sourceType(), body.config()));
        KnowledgeSource s = created.source();
        return Response.created(URI.create("/api/v1/sources/" + s.id))
                .entity(SourceView.of(s, null, created.job().id)).build();
    }

    @GET
    @Operation(summary = "List sources with their statistics")
    public SourceList list(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int lim = Ids.limit(limit, 100, 1000);
        int off = Ids.offset(offset, lim, Ids.MAX_LIST_WINDOW);
        SourceService.Page page = sources.list(lim, off);
        Map<UUID, SourceStats> stats = sources.stats(page.sources().stream().map(s -> s.id).toList());
        List<SourceView> views = page.sources().stream()
                .map(s -> SourceView.of(s, stats.get(s.id), null)).toList();
        return new SourceList(views, page.total(), lim, off);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One source with its configuration and statistics")
    public SourceView get(@PathParam("id") String id) {
        KnowledgeSource s = sources.get(Ids.parse("source", id));
        return SourceView.of(s, sources.stats(List.of(s.id)).get(s.id), null);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a source; config is merged into the stored config")
    @RequestBody(content = @Content(schema = @Schema(implementation = UpdateSourceRequest.class)))
    public SourceView update(@PathParam("id") String id, JsonNode body) throws JsonProcessingException {
        UUID sid = Ids.parse("source", id);
        boolean empty = body == null || body.isNull() || body.isMissingNode();
        if (!empty && !body.isObject()) {
            throw new InvalidInputException(null, "Send a JSON object with the fields to change, e.g. {\"status\": \"paused\"}.");
        }
        UpdateSourceRequest b = empty ? new UpdateSourceRequest(null, null, null, null, null)
                : json.treeToValue(body, UpdateSourceRequest.class);
        // as in a JSON merge patch, null removes a field: the description can go, the other fields every source has
        boolean clearDescription = false;
        if (!empty) {
            for (String required : List.of("name", "base_url", "status")) {
                if (body.has(required) && body.get(required).isNull()) {
                    throw new InvalidInputException(required, required + " cannot be removed; every source has one. "
                            + "Leave the field out to keep it as it is.");
                }
            }
            clearDescription = body.has("description") && body.get("description").isNull();
        }
        KnowledgeSource s = sources.update(sid, new SourcePatch(b.name(), b.description(), b.baseUrl(), b.status(), b.config(),
                clearDescription));
        return SourceView.of(s, sources.stats(List.of(s.id)).get(s.id), null);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a source with all its documents, chunks, index entries and jobs")
    public Response delete(@PathParam("id") String id) {
        sources.delete(Ids.parse("source", id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/refresh")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Crawl the source again (incremental unless force_refresh is true); the body is optional")
    public RefreshView refresh(@PathParam("id") String id, String body) {
        boolean force = RefreshRequest.parse(json, body).force();
        return view(sources.refresh(Ids.parse("source", id), force));
    }

    @POST
    @Path("/refresh-all")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Crawl every active source again; the body is optional")
    public RefreshAllView refreshAll(String body) {
        boolean force = RefreshRequest.parse(json, body).force();
        List<RefreshView> jobs = sources.refreshAll(force).stream().map(SourceResource::view).toList();
        return new RefreshAllView(jobs.stream().map(RefreshView::jobId).toList(), jobs, jobs.size());
    }

    private static RefreshView view(Job job) {
        return new RefreshView(job.id, job.sourceId, job.status().wire(), job.forceRefresh);
    }
}
