package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;

import io.knowledgehub.core.embed.EmbedderContract;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbeddingModelsTest {

    @Test
    void lists_the_bundled_models_default_first() {
        assertThat(EmbeddingModels.descriptors()).extracting(ModelDescriptor::name).containsExactly(
                "all-MiniLM-L6-v2", "all-MiniLM-L6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q");
        assertThat(EmbeddingModels.descriptor(EmbeddingModels.DEFAULT_MODEL).maxTokens()).isEqualTo(256);
    }

    @Test
    void finds_a_model_whatever_the_case() {
        assertThat(EmbeddingModels.descriptor("ALL-minilm-l6-v2").name()).isEqualTo("all-MiniLM-L6-v2");
    }

    @Test
    void rejects_an_unknown_model_naming_the_known_ones() {
        assertThatThrownBy(() -> EmbeddingModels.create("text-embedding-3-small"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text-embedding-3-small")
                .hasMessageContaining("all-MiniLM-L6-v2, all-MiniLM-L6-v2-q, bge-small-en-v1.5, bge-small-en-v1.5-q");
    }

    @Test
    void counts_tokens_without_loading_the_model() {
        TokenCounter counter = EmbeddingModels.tokenCounter("all-MiniLM-L6-v2");
        assertThat(counter.count("The quick brown fox jumps over the lazy dog.")).isEqualTo(10);
        assertThat(counter.applyAsInt(TestTexts.DATABASE)).isEqualTo(150);
    }

    @Test
    void quantized_minilm_stays_close_to_fp32() {
        try (OnnxEmbedder fp32 = EmbeddingModels.create("all-MiniLM-L6-v2",
                EmbedderSettings.defaults().withWorkers(1).withPrecision(io.knowledgehub.core.embed.EmbeddingPrecision.FP32));
             OnnxEmbedder int8 = EmbeddingModels.create("all-MiniLM-L6-v2-q",
                     EmbedderSettings.defaults().withWorkers(1))) {
            List<String> texts = List.of(TestTexts.DATABASE, TestTexts.COOKING);
            List<float[]> a = fp32.embedAll(texts);
            List<float[]> b = int8.embedAll(texts);

            assertThat(int8.descriptor().quantized()).isTrue();
            for (int i = 0; i < texts.size(); i++) {
                assertThat(EmbedderContract.norm(b.get(i))).isCloseTo(1.0, within(1e-4));
                assertThat(EmbedderContract.cosine(a.get(i), b.get(i))).isGreaterThan(0.95);
            }
        }
    }

    @Test
    void unpacks_native_libraries_into_the_directory_it_was_given() {
        Path nativeDir = EmbedderSettings.defaults().nativeDir();
        try (OnnxEmbedder embedder = EmbeddingModels.create("all-MiniLM-L6-v2-q",
                EmbedderSettings.defaults().withWorkers(1))) {
            embedder.embed("load the native runtime");
        }

        // every test in this JVM uses the default directory; the first one to load a model sets it
        Path ort = Path.of(System.getProperty(NativeLibraries.ORT_PATH_PROPERTY));
        assertThat(ort).isEqualTo(nativeDir.resolve("onnxruntime"));
        assertThat(ort.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
        if (System.getenv("DJL_CACHE_DIR") == null) {
            Path djl = Path.of(System.getProperty("DJL_CACHE_DIR"));
            assertThat(djl).isEqualTo(nativeDir.resolve("djl"));
            assertThat(Files.exists(djl.resolve("tokenizers"))).isTrue();
        }
    }

    @Test
    void settings_reject_values_that_cannot_work() {
        EmbedderSettings defaults = EmbedderSettings.defaults();

        assertThat(defaults.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.intraOpThreads()).isEqualTo(1);
        assertThatThrownBy(() -> defaults.withWorkers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> defaults.withBatchTokens(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withIntraOpThreads(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closed_embedder_refuses_work() {
        OnnxEmbedder embedder = EmbeddingModels.create("all-MiniLM-L6-v2-q",
                EmbedderSettings.defaults().withWorkers(1));
        embedder.close();

        assertThatThrownBy(() -> embedder.embed("too late")).isInstanceOf(IllegalStateException.class);
    }
}
