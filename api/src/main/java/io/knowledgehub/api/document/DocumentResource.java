package io.knowledgehub.api.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.Ids;
import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.DocumentMarkdown;
import io.knowledgehub.core.document.DocumentService;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;

@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "Crawled pages")
public class DocumentResource {

    static final String MARKDOWN = "text/markdown";
    static final MediaType MARKDOWN_TYPE = MediaType.valueOf(MARKDOWN);
    static final MediaType MARKDOWN_UTF8 = MediaType.valueOf("text/markdown; charset=UTF-8");

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
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    @Operation(summary = "One document with its content, headings and aliases (JSON), or the page as Markdown with "
            + "Accept: text/markdown or ?format=markdown (optionally one section: ?section=anchor-or-heading)")
    public Response get(@PathParam("id") String id, @QueryParam("format") String format,
                        @QueryParam("section") String section, @Context HttpHeaders headers) {
        Document d = documents.get(Ids.parse("document", id));
        if (wantsMarkdown(format, headers)) {
            return Response.ok(DocumentMarkdown.render(d, section), MARKDOWN_UTF8).build();
        }
        if (section != null && !section.isBlank()) {
            throw new InvalidInputException("section", "section selects part of the Markdown form; add format=markdown "
                    + "(or send Accept: text/markdown) to use it.");
        }
        return Response.ok(DocumentView.full(d, documents.aliases(d.id), json), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code format} decides when given; else the client's most preferred of JSON and Markdown (JSON on a tie). */
    static boolean wantsMarkdown(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "markdown", "md" -> true;
                case "json" -> false;
                default -> throw new InvalidInputException("format", "format must be \"json\" (the default) or "
                        + "\"markdown\", not \"" + format + "\".");
            };
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType() || accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (accepted.isCompatible(MARKDOWN_TYPE)) {
                return true;
            }
        }
        return false;
    }

    @GET
    @Path("/{id}/chunks")
    @Operation(summary = "The chunks of a document, in order, as indexed")
    public ChunkResource.ChunkList chunks(@PathParam("id") String id) {
        return chunks.list(Ids.parse("document", id));
    }
}
