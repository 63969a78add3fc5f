package io.knowledgehub.api.embed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.ModelRegistry;
import io.knowledgehub.core.error.InvalidInputException;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;

/**
 * The api as a t2v-transformers inference server (the API of Weaviate's {@code transformers-inference} images, what
 * {@code TRANSFORMERS_INFERENCE_API} points at), backed by the configured in-process model: so another KnowledgeHub
 * process (an indexer) or a Weaviate {@code text2vec-transformers} module can embed through this one.
 * <ul>
 *   <li>{@code POST /vectors} {@code {"text": "...", "config": {...}}} → {@code {"text", "vector", "dim"}}; a
 *       {@code config.task_type} of {@code query} embeds the text as a search query (instruction-prefixed models);</li>
 *   <li>{@code GET /meta} → {@code {"model": {...}}} in the shape of a Hugging Face config ({@code hidden_size} is
 *       the dimension);</li>
 *   <li>{@code GET /.well-known/live}, {@code GET /.well-known/ready} → 204 (ready once the model is loaded).</li>
 * </ul>
 */
@IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
@Path("/vectors")
@Tag(name = "Inference server", description = "t2v-transformers compatible embedding endpoints")
public class InferenceResource {

    private final ModelRegistry models;

    public InferenceResource(ModelRegistry models) {
        this.models = models;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VectorInput(String text, VectorConfig config) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VectorConfig(String poolingStrategy, String taskType, Integer dimensions) {
    }

    public record VectorOutput(String text, float[] vector, int dim) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Embed one text with the configured model (t2v-transformers API)")
    public VectorOutput vectors(VectorInput input) {
        if (input == null || input.text() == null) {
            throw new InvalidInputException("text", "text must be the string to embed, e.g. {\"text\": \"How to install\"}.");
        }
        Embedder model = models.active();
        boolean query = input.config() != null && "query".equalsIgnoreCase(input.config().taskType());
        float[] v = query ? model.embedQuery(input.text()) : model.embed(input.text());
        return new VectorOutput(input.text(), v, v.length);
    }

    /** The Hugging Face name of a model: an int8-weight variant has its model's. */
    static String huggingFaceName(String model) {
        String base = ModelCatalog.baseModel(model);
        return (base.toLowerCase(Locale.ROOT).startsWith("bge-") ? "BAAI/" : "sentence-transformers/") + base;
    }
}
