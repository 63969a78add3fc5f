package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.service.health.ComponentCheck;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code embeddings} health component, from what the {@link Embedder} port tells of the model. */
class IndexHealthTest {

    @Test
    void an_in_process_model_is_operational() {
        ComponentCheck.Result result = IndexHealth.embeddings(inProcess());

        assertThat(result.operational()).isTrue();
        assertThat(result.details()).containsExactly(Map.entry("model", "all-MiniLM-L6-v2"), Map.entry("dimensions", 384),
                Map.entry("max_tokens", 256), Map.entry("inference_api", "in process"));
    }

    @Test
    void a_served_model_is_down_while_its_inference_server_does_not_answer() {
        ModelDescriptor model = ModelCatalog.descriptor("bge-small-en-v1.5");
        try (TransformersEmbedder remote = new TransformersEmbedder(URI.create("http://127.0.0.1:9/"), model,
                ModelCatalog.tokenCounter(model.name()), Duration.ofSeconds(2), 1)) {

            ComponentCheck.Result result = IndexHealth.embeddings(remote);

            assertThat(result.operational()).isFalse();
            assertThat(result.details()).containsExactly(Map.entry("model", "bge-small-en-v1.5"),
                    Map.entry("dimensions", 384), Map.entry("max_tokens", 510),
                    Map.entry("inference_api", "http://127.0.0.1:9"),
                    Map.entry("error", "the inference server does not answer its readiness probe"));
        }
    }

    private static Embedder inProcess() {
        return new Embedder() {
            @Override
            public String modelName() {
                return "all-MiniLM-L6-v2";
            }

            @Override
            public int dimension() {
                return 384;
            }

            @Override
            public int maxTokens() {
                return 256;
            }

            @Override
            public int countTokens(String text) {
                return text.split("\\s+").length;
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                throw new UnsupportedOperationException("not needed by the health check");
            }
        };
    }
}
