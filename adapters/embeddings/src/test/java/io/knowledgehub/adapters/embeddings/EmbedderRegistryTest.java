package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.EmbeddingConfig;
import io.knowledgehub.core.embed.EmbeddingPrecision;
import io.knowledgehub.core.embed.ModelRegistry;
import io.knowledgehub.core.embed.ModelRegistryContract;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry of the in-process models passes the port's contract; the int8 MiniLM is its configured model. */
class EmbedderRegistryTest extends ModelRegistryContract {

    private static final String CONFIGURED = "all-MiniLM-L6-v2-q";

    @Override
    protected ModelRegistry newRegistry() {
        return new EmbedderRegistry(config(CONFIGURED), () -> Path.of(System.getProperty("java.io.tmpdir"), "knowledgehub"));
    }

    @Test
    void lists_the_shipped_models_default_first_with_the_configured_one_active() {
        assertThat(registry.models()).extracting(ModelRegistry.Model::name).containsExactly(
                "all-MiniLM-L6-v2", "all-MiniLM-L6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q");
        assertThat(registry.models()).filteredOn(ModelRegistry.Model::active).extracting(ModelRegistry.Model::name)
                .containsExactly(CONFIGURED);
    }

    @Test
    void accepts_hugging_face_ids() {
        assertThat(registry.model("sentence-transformers/" + CONFIGURED)).isSameAs(registry.active());
    }

    @Test
    void says_what_a_loaded_model_runs_in_and_why() {
        OnnxEmbedder shipped = (OnnxEmbedder) registry.active(); // the shipped int8 network: nothing to rewrite
        assertThat(EmbedderRegistry.describe(shipped, EmbeddingPrecision.INT8, true)).isEqualTo("Embedding model "
                + "all-MiniLM-L6-v2-q: the network as shipped (KH_EMBEDDINGS_PRECISION=int8), reuse key all-MiniLM-L6-v2-q/384");
        assertThat(EmbedderRegistry.describe(shipped, EmbeddingPrecision.AUTO, false)).contains(
                "(KH_EMBEDDINGS_PRECISION=auto: as shipped on a processor without VNNI)");
        OnnxEmbedder rewritten = (OnnxEmbedder) registry.model("all-MiniLM-L6-v2");
        assertThat(EmbedderRegistry.describe(rewritten, EmbeddingPrecision.AUTO, true)).isEqualTo("Embedding model "
                + "all-MiniLM-L6-v2: 36 weight products in 8-bit integers (KH_EMBEDDINGS_PRECISION=auto: int8 for this "
                + "model on a processor with VNNI), reuse key all-MiniLM-L6-v2/384/int8");
    }

    private static EmbeddingConfig config(String model) {
        return new EmbeddingConfig() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public EmbeddingPrecision precision() {
                return EmbeddingPrecision.INT8;
            }

            @Override
            public OptionalInt workers() {
                return OptionalInt.of(2);
            }

            @Override
            public int batchSize() {
                return 32;
            }

            @Override
            public Cache cache() {
                return () -> 0;
            }
        };
    }
}
