package io.knowledgehub.api.embed;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.ModelRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /meta}, {@code GET /.well-known/live|ready} of the t2v-transformers API: see {@link InferenceResource}. */
public final class InferenceInfo {

    private InferenceInfo() {
    }

    @IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
    @Path("/meta")
    @Tag(name = "Inference server")
    public static class Meta {
        private final ModelRegistry models;

        public Meta(ModelRegistry models) {
            this.models = models;
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        @Operation(summary = "The model served on /vectors, as a Hugging Face style config")
        public Map<String, Object> meta() {
            Embedder model = models.active();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("_name_or_path", InferenceResource.huggingFaceName(model.modelName()));
            config.put("architectures", List.of("BertModel"));
            config.put("model_type", "bert");
            config.put("hidden_size", model.dimension());
            config.put("max_position_embeddings", 512);
            Map<String, Object> kh = new LinkedHashMap<>();
            kh.put("model", model.modelName());
            kh.put("dimensions", model.dimension());
            kh.put("max_tokens", model.maxTokens());
            kh.put("model_key", model.modelKey()); // which vectors: name, dimension and precision (Embedder#modelKey)
            return Map.of("model", config, "knowledgehub", kh);
        }
    }

    @IfBuildProperty(name = "kh.embeddings.in-process", stringValue = "true", enableIfMissing = true)
    @Path("/.well-known")
    @Tag(name = "Inference server")
    public static class Probes {
        private final ModelRegistry models;

        public Probes(ModelRegistry models) {
            this.models = models;
        }

        @GET
        @Path("/live")
        @Operation(summary = "Liveness probe of the inference endpoints")
        public Response live() {
            return Response.noContent().build();
        }

        @GET
        @Path("/ready")
        @Operation(summary = "Readiness probe: 204 once the model is loaded")
        public Response ready() {
            models.active();
            return Response.noContent().build();
        }
    }
}
