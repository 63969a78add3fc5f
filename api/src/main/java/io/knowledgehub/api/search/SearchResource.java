package io.knowledgehub.api.search;

import io.knowledgehub.api.dashboard.Activity;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.core.search.SearchService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Keyword, semantic and hybrid search")
public class SearchResource {

    private final SearchService search;
    private final Activity activity;

    public SearchResource(SearchService search, Activity activity) {
        this.search = search;
        this.activity = activity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search (hybrid by default); the query language supports \"phrases\", +required, -excluded and prefix*")
    public SearchResponse post(SearchBody body) {
        return timed(SearchRequests.from(body));
    }

    @GET
    @Operation(summary = "Quick search: /api/v1/search?q=connection+pooling&type=keyword&limit=5")
    public SearchResponse get(@QueryParam("q") String q, @QueryParam("type") String type, @QueryParam("limit") Integer limit,
                              @QueryParam("offset") Integer offset, @QueryParam("source_id") List<String> sourceIds,
                              @QueryParam("date_from") String from, @QueryParam("date_to") String to,
                              @QueryParam("content_type") List<String> contentTypes, @QueryParam("raw_chunks") Boolean rawChunks,
                              @QueryParam("snippet_format") String snippetFormat, @Context UriInfo uri) {
        SearchRequests.refuseBodyNames(uri.getQueryParameters().keySet());
        return timed(SearchRequests.build(q, type, limit, offset, sourceIds, from, to, contentTypes,
                Boolean.TRUE.equals(rawChunks), snippetFormat, ""));
    }

    private SearchResponse timed(SearchRequest request) {
        long start = System.nanoTime();
        SearchResponse response = search.search(request);
        activity.recordSearch((System.nanoTime() - start) / 1_000_000);
        return response;
    }
}
