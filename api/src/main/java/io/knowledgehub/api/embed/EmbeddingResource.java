package io.knowledgehub.api.embed;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.ModelRegistry;
import io.knowledgehub.core.error.InvalidInputException;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Tutorial 7: embeddings on demand with the shipped models, and the list of models. */
@IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Embeddings", description = "In-process embedding models")
public class EmbeddingResource {

    static final int MAX_TEXTS = 256;

    private final ModelRegistry models;

    public EmbeddingResource(ModelRegistry models) {
        this.models = models;
    }

    public record EmbeddingRequest(List<String> texts, String modelName) {
    }

    public record EmbeddingResponse(List<float[]> embeddings, String modelName, int dimensions) {
    }

    public record ModelView(String name, int dimensions, int maxTokens, String description, boolean active, boolean loaded) {
    }

    public record ModelList(List<ModelView> models, String activeModel, List<String> loadedModels, List<String> availableModels) {
    }

    @POST
    @Path("/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Embed texts with a shipped model (default: the configured one)")
    public EmbeddingResponse embed(EmbeddingRequest body) {
        if (body == null || body.texts() == null || body.texts().isEmpty()) {
            throw new InvalidInputException("texts", "texts must be a non-empty array of strings, e.g. {\"texts\": [\"How to install\"]}.");
        }
        if (body.texts().size() > MAX_TEXTS) {
            throw new InvalidInputException("texts", "texts holds " + body.texts().size() + " entries; send at most " + MAX_TEXTS + " per request.");
        }
        for (int i = 0; i < body.texts().size(); i++) {
            if (body.texts().get(i) == null) {
                throw new InvalidInputException("texts[" + i + "]", "texts[" + i + "] must be a string.");
            }
        }
        Embedder embedder = models.model(body.modelName());
        return new EmbeddingResponse(embedder.embedAll(body.texts()), embedder.modelName(), embedder.dimension());
    }

    @GET
    @Path("/models")
    @Operation(summary = "The embedding models this deployment ships, and which one indexes and searches")
    public ModelList models() {
        List<ModelView> views = models.models().stream().map(m -> new ModelView(m.name(), m.dimensions(), m.maxTokens(),
                m.description(), m.active(), m.loaded())).toList();
        String active = views.stream().filter(ModelView::active).map(ModelView::name).findFirst().orElse(null);
        return new ModelList(views, active, views.stream().filter(ModelView::loaded).map(ModelView::name).toList(),
                views.stream().map(ModelView::name).toList());
    }
}
