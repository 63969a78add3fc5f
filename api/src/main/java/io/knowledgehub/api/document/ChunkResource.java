package io.knowledgehub.api.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.api.Ids;
import io.knowledgehub.core.StoredJson;
import io.knowledgehub.core.document.ChunkService;
import io.knowledgehub.core.document.DocumentChunk;
import io.knowledgehub.core.error.InvalidInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/chunks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents")
public class ChunkResource {

    private final ChunkService chunks;
    private final ObjectMapper json;

    public ChunkResource(ChunkService chunks, ObjectMapper json) {
        this.chunks = chunks;
        this.json = json;
    }

    public record ChunkView(String id, UUID documentId, UUID sourceId, int chunkIndex, String content, int tokenCount,
                            String headingPath, JsonNode metadata, Instant createdAt) {
    }

    public record ChunkList(List<ChunkView> chunks, int total) {
    }

    /**
     * Body of POST /api/v1/chunks (Tutorial 7): a chunk with its own embedding. The embedding is a list so that a null
     * in it stays null, to be refused, where a {@code float[]} would read it as 0.
     */
    public record NewChunkBody(String documentId, Integer chunkIndex, String content, List<Float> embedding, JsonNode metadata) {
    }

    /** The chunks of a document (served under /api/v1/documents/{id}/chunks). */
    public ChunkList list(UUID documentId) {
        List<ChunkView> views = chunks.list(documentId).stream().map(this::view).toList();
        return new ChunkList(views, views.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a chunk with its own embedding to a document (it must come from the index's model)")
    public Response add(NewChunkBody body) {
        if (body == null) {
            throw new InvalidInputException(null, "Send {document_id, chunk_index, content, embedding, metadata}.");
        }
        if (body.chunkIndex() == null) {
            throw new InvalidInputException("chunk_index", "chunk_index is required.");
        }
        UUID doc = Ids.filter("document_id", body.documentId());
        if (doc == null) {
            throw new InvalidInputException("document_id", "document_id is required.");
        }
        DocumentChunk c = chunks.add(new ChunkService.NewChunk(doc, body.chunkIndex(), body.content(), vector(body.embedding()),
                body.metadata()));
        return Response.status(201).entity(view(c)).build();
    }

    private static float[] vector(List<Float> embedding) {
        if (embedding == null) {
            return null;
        }
        float[] v = new float[embedding.size()];
        for (int i = 0; i < v.length; i++) {
            Float x = embedding.get(i);
            if (x == null) {
                throw new InvalidInputException("embedding[" + i + "]", "embedding[" + i + "] must be a number, not null.");
            }
            v[i] = x;
        }
        return v;
    }

    private ChunkView view(DocumentChunk c) {
        return new ChunkView(c.id, c.documentId, c.sourceId, c.chunkIndex, c.content, c.tokenCount, c.headingPath,
                StoredJson.read(json, c.metadata, "chunk metadata"), c.createdAt);
    }
}
