package io.knowledgehub.api.index;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexRebuild;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/index")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Index", description = "The search index and its embedding model")
public class IndexResource {

    private final SearchIndex index;
    private final IndexRebuild rebuild;

    public IndexResource(SearchIndex index, IndexRebuild rebuild) {
        this.index = index;
        this.rebuild = rebuild;
    }

    @GET
    @Operation(summary = "Chunks indexed, the model of their vectors and the configured model")
    public Map<String, Object> info() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chunks", index.chunkCount());
        body.put("model", index.model().map(m -> m.name()).orElse(null));
        body.put("dimensions", index.model().map(m -> m.dimension()).orElse(null));
        body.put("configured_model", rebuild.configuredModel().name());
        body.put("problem", rebuild.mismatch().orElse(null));
        return body;
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Re-embed and re-index every document with the configured model")
    public Response rebuild() {
        List<UUID> jobIds = rebuild.rebuild().stream().map(j -> j.id).toList();
        return Response.accepted(Map.of("job_ids", jobIds, "total", jobIds.size())).build();
    }
}
