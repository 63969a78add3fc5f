package io.knowledgehub.api.index;

import io.knowledgehub.api.http.NoBody;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexReconcile;
import io.knowledgehub.indexer.job.IndexRebuild;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

@Path("/api/v1/index")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Index", description = "The search index, its embedding model and its agreement with the database")
public class IndexResource {

    private final SearchIndex index;
    private final IndexRebuild rebuild;
    private final IndexReconcile reconcile;

    public IndexResource(SearchIndex index, IndexRebuild rebuild, IndexReconcile reconcile) {
        this.index = index;
        this.rebuild = rebuild;
        this.reconcile = reconcile;
    }

    @GET
    @Operation(summary = "Chunks indexed, the model of their vectors and the configured model, and whether the index "
            + "agrees with the database")
    public IndexView info() {
        Optional<IndexReconcile.Comparison> c = reconcile.check();
        OptionalInt segments = index.segments();
        return new IndexView(index.chunkCount(), segments.isPresent() ? segments.getAsInt() : null, index.model().map(m -> m.name()).orElse(null),
                index.model().map(m -> m.dimension()).orElse(null), rebuild.configuredModel().name(),
                rebuild.mismatch().orElse(null),
                c.map(x -> IndexView.CountsView.of(x.database())).orElse(null),
                c.map(x -> IndexView.CountsView.of(x.index())).orElse(null),
                c.map(x -> (long) x.pendingDocuments()).orElse(null),
                c.map(IndexReconcile.Comparison::consistent).orElse(null));
    }

    @POST
    @Path("/reconcile")
    @NoBody
    @Operation(summary = "Repair what differs between the index and the database: delete entries of removed documents and "
            + "old versions, index again the documents the index lacks (no full rebuild). Runs at start-up too")
    @APIResponse(responseCode = "200", description = "What was found and fixed")
    @APIResponse(responseCode = "409", description = "This index (a cluster backend) cannot be compared with the database")
    public ReconcileView reconcile() {
        return reconcile.reconcile().map(ReconcileView::of).orElseThrow(() -> new ConflictException(
                "This search index cannot list its entries, so it cannot be compared with the database; "
                        + "reconcile works with the standalone Lucene index. POST /api/v1/index/rebuild re-indexes everything."));
    }

    @POST
    @Path("/rebuild")
    @NoBody("The rebuild embeds with the configured model (KH_EMBEDDINGS_MODEL, see GET /api/v1/index): set it and restart first to change models.")
    @Operation(summary = "Re-embed and re-index every document with the configured model")
    public Response rebuild() {
        List<UUID> jobIds = rebuild.rebuild().stream().map(j -> j.id).toList();
        return Response.accepted(Map.of("job_ids", jobIds, "total", jobIds.size())).build();
    }
}
