package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.EmbeddingPrecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import static io.knowledgehub.adapters.embeddings.TestTexts.ASTRONOMY;
import static io.knowledgehub.adapters.embeddings.TestTexts.COOKING;
import static io.knowledgehub.adapters.embeddings.TestTexts.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The int8 rewrite of a network's weight products, on the shipped networks and ONNX Runtime. */
class Int8MatMulsTest {

    private static OnnxEmbedder int8;
    private static OnnxEmbedder fp32;

    @BeforeAll
    static void load() {
        int8 = EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2)
                .withPrecision(EmbeddingPrecision.INT8));
        fp32 = EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2)
                .withPrecision(EmbeddingPrecision.FP32));
    }

    @AfterAll
    static void close() {
        int8.close();
        fp32.close();
    }

    @Test
    void rewrites_each_of_minilms_weight_products_and_stores_its_weights_in_a_quarter_of_the_bytes() {
        byte[] model = Resources.read("all-minilm-l6-v2.onnx");
        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);
        // 6 layers x (query, key, value, attention output, intermediate, output); the output (down-projection) per row
        assertThat(result.quantized()).isEqualTo(36);
        assertThat(result.perTensor()).isEqualTo(30);
        assertThat(result.biasesAdded()).as("each of those adds its bias itself").isEqualTo(30);
        // the 10.6M float weights of those products become bytes (the token embedding table, 11.7M floats, stays)
        long weightBytes = 6L * (4 * 384 * 384 + 2 * 384 * 1536) * Float.BYTES;
        assertThat((long) result.model().length).isBetween(model.length - weightBytes * 3 / 4 - 1_000_000L,
                model.length - weightBytes * 3 / 4 + 1_000_000L);
        assertThat(int8.int8Products()).isEqualTo(36);
        assertThat(fp32.int8Products()).isZero();
    }

    @Test
    void the_rewrite_is_the_same_every_time() {
        byte[] model = Resources.read("all-minilm-l6-v2.onnx");
        assertThat(Int8MatMuls.rewrite(model).model()).isEqualTo(Int8MatMuls.rewrite(model).model());
    }

    @Test
    void a_network_shipped_quantized_is_left_as_it_is() {
        byte[] model = Resources.read("all-minilm-l6-v2-q.onnx");
        Int8MatMuls.Result result = Int8MatMuls.rewrite(model);
        assertThat(result.quantized()).isZero();
        assertThat(result.model()).isSameAs(model);
        try (OnnxEmbedder shipped = EmbeddingModels.create("all-MiniLM-L6-v2-q", EmbedderSettings.defaults().withWorkers(1)
                .withPrecision(EmbeddingPrecision.INT8))) {
            assertThat(shipped.int8Products()).isZero();
            assertThat(shipped.modelKey()).isEqualTo("all-MiniLM-L6-v2-q/384");
        }
    }

    @Test
    void bytes_that_are_no_onnx_model_are_refused() {
        assertThatThrownBy(() -> Int8MatMuls.rewrite(new byte[] {0x3a, 0x7f, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ONNX model");
        assertThatThrownBy(() -> Int8MatMuls.rewrite(new byte[] {0x08, 0x06}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no graph");
    }

    @Test
    void int8_vectors_are_close_to_the_float_networks_yet_not_the_same() {
        // measured with VNNI; without it the integer kernels add in 16 bits and may saturate (hence auto's choice)
        assumeTrue(EmbeddingModels.hasVnni(), "no VNNI on this processor");
        for (String text : List.of(DATABASE, COOKING, ASTRONOMY, "VACUUM FULL", "how do I undo a transaction")) {
            double cosine = dot(int8.embed(text), fp32.embed(text));
            assertThat(cosine).as(text).isGreaterThan(0.97).isLessThan(0.99999);
        }
        // the meaning survives: each text is still nearest to itself among the others' float vectors
        List<String> texts = List.of(DATABASE, COOKING, ASTRONOMY);
        for (int i = 0; i < texts.size(); i++) {
            float[] q = int8.embed(texts.get(i));
            for (int j = 0; j < texts.size(); j++) {
                if (j != i) {
                    assertThat(dot(q, fp32.embed(texts.get(i)))).isGreaterThan(dot(q, fp32.embed(texts.get(j))));
                }
            }
        }
    }

    @Test
    void a_texts_int8_vector_does_not_depend_on_the_texts_embedded_with_it() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add(i % 3 == 0 ? DATABASE : i % 3 == 1 ? TestTexts.firstWords(COOKING, 5 + i) : ASTRONOMY + " " + i);
        }
        List<float[]> together = int8.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(together.get(i)).containsExactly(int8.embed(texts.get(i)), within(1e-6f));
        }
        assertThat(int8.embedQuery("VACUUM FULL")).containsExactly(int8.embed("VACUUM FULL"), within(1e-6f));
    }

    @Test
    void the_rewritten_network_still_runs_padded_batches() {
        // the embedder runs it one text at a time, yet the network itself takes any batch (its per-row quantization
        // flattens batch and tokens into rows): two texts of different lengths, the shorter one padded
        byte[] rewritten = Int8MatMuls.rewrite(Resources.read("all-minilm-l6-v2.onnx")).model();
        try (BatchEncoder encoder = BatchEncoder.load("all-minilm-l6-v2.onnx", rewritten,
                Tokenizers.window(io.knowledgehub.adapters.embeddings.catalog.ModelCatalog.tokenizerResource(
                        "all-MiniLM-L6-v2"), 256), Pooling.MEAN, 384, 1)) {
            List<long[]> ids = List.of(encoder.tokenize("VACUUM FULL"), encoder.tokenize(DATABASE));
            float[][] batch = encoder.embed(ids);
            for (int i = 0; i < ids.size(); i++) {
                float[] alone = encoder.embed(List.of(ids.get(i)))[0];
                assertThat(dot(batch[i], alone)).isGreaterThan(0.99);
            }
            assertThat(dot(batch[0], batch[1])).isLessThan(0.9);
        }
    }

    @Test
    void vectors_of_the_two_precisions_are_kept_apart_for_reuse() {
        assertThat(int8.modelKey()).isEqualTo("all-MiniLM-L6-v2/384/int8");
        assertThat(fp32.modelKey()).isEqualTo("all-MiniLM-L6-v2/384");
        assertThat(int8.modelName()).isEqualTo(fp32.modelName()).isEqualTo("all-MiniLM-L6-v2");
    }

    @Test
    void auto_takes_int8_for_minilm_on_a_processor_with_vnni_only(@TempDir Path dir) throws IOException {
        Path vnni = Files.writeString(dir.resolve("vnni"), "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n");
        Path avxVnni = Files.writeString(dir.resolve("avx-vnni"), "flags\t\t: fpu avx2 avx_vnni\n");
        Path avx2 = Files.writeString(dir.resolve("avx2"), "flags\t\t: fpu sse2 avx2 avx512f avx512_vnni_x\n");
        assertThat(EmbeddingModels.readVnni(vnni)).isTrue();
        assertThat(EmbeddingModels.readVnni(avxVnni)).isTrue();
        assertThat(EmbeddingModels.readVnni(avx2)).isFalse();
        assertThat(EmbeddingModels.readVnni(dir.resolve("missing"))).isFalse();

        EmbeddingPrecision auto = EmbeddingModels.effectivePrecision("all-MiniLM-L6-v2", EmbeddingPrecision.AUTO);
        assertThat(auto).isEqualTo(EmbeddingModels.hasVnni() ? EmbeddingPrecision.INT8 : EmbeddingPrecision.FP32);
        assertThat(EmbeddingModels.effectivePrecision("bge-small-en-v1.5", EmbeddingPrecision.AUTO)).isEqualTo(EmbeddingPrecision.FP32);
        assertThat(EmbeddingModels.effectivePrecision("bge-small-en-v1.5", EmbeddingPrecision.INT8)).isEqualTo(EmbeddingPrecision.INT8);
        assertThat(EmbeddingModels.effectivePrecision("all-MiniLM-L6-v2", EmbeddingPrecision.FP32)).isEqualTo(EmbeddingPrecision.FP32);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
