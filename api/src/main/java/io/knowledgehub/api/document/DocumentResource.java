package io.knowledgehub.api.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.Ids;
import io.knowledgehub.core.document.DocumentService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "Crawled pages")
public class DocumentResource {

    private final DocumentService documents;
    private final ChunkResource chunks;
    private final ObjectMapper json;

    public DocumentResource(DocumentService documents, ChunkResource chunks, ObjectMapper json) {
        this.documents = documents;
        this.chunks = chunks;
        this.json = json;
    }

    @GET
    @Operation(summary = "List documents, optionally of one source (without their content)")
    public DocumentList list(@QueryParam("source_id") String sourceId, @QueryParam("limit") Integer limit,
                             @QueryParam("offset") Integer offset) {
        int lim = Ids.limit(limit, 50, 1000);
        int off = Ids.offset(offset, lim, Ids.MAX_LIST_WINDOW);
        DocumentService.Page page = documents.list(Ids.filter("source_id", sourceId), lim, off);
        return new DocumentList(page.documents().stream().map(DocumentView::summary).toList(), page.total(), lim, off);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One document with its content and headings")
    public DocumentView get(@PathParam("id") String id) {
        return DocumentView.full(documents.get(Ids.parse("document", id)), json);
    }

    @GET
    @Path("/{id}/chunks")
    @Operation(summary = "The chunks of a document, in order, as indexed")
    public ChunkResource.ChunkList chunks(@PathParam("id") String id) {
        return chunks.list(Ids.parse("document", id));
    }
}
