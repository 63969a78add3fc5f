package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.EmbedderContract;

import io.knowledgehub.core.embed.Embedder;
import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static io.knowledgehub.adapters.embeddings.TestTexts.ASTRONOMY;
import static io.knowledgehub.adapters.embeddings.TestTexts.COOKING;
import static io.knowledgehub.adapters.embeddings.TestTexts.DATABASE;
import static io.knowledgehub.core.embed.EmbeddingPrecision.FP32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** MiniLM as trained (fp32), where texts run in batches; the int8 network runs one text at a time ({@link MiniLmInt8EmbedderTest}). */
class MiniLmEmbedderTest extends EmbedderContract {

    @Override
    protected Embedder newEmbedder() {
        return EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2).withPrecision(FP32));
    }

    @Test
    void describes_the_model() {
        assertThat(embedder.modelName()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.maxTokens()).isEqualTo(256);
    }

    @Test
    void texts_of_mixed_lengths_come_back_in_input_order() {
        // sorted and cut into batches by padded tokens: the long texts run alone, the short ones together
        List<String> texts = List.of(SENTENCES.get(0), DATABASE + " " + COOKING, SENTENCES.get(1), ASTRONOMY,
                SENTENCES.get(2), DATABASE + " " + DATABASE);

        List<float[]> vectors = embedder.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(embedder.embed(texts.get(i)), within(1e-5f));
        }
    }

    @Test
    void the_models_per_token_output_is_not_copied_onto_the_heap() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count the bytes its threads allocate");
        // 64 texts at the 256-token window: the model's per-token output is 64 x 256 x 384 floats (25 MB) in all;
        // a copy of it on the heap (as a buffer or an array) would show in what the model's workers allocate
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(i + " " + DATABASE + " " + COOKING + " " + ASTRONOMY);
        }
        embedder.embedAll(texts); // warm: both workers started, their buffers grown
        long outputBytes = 64L * 256 * 384 * Float.BYTES;
        long before = workersAllocated(threads);

        List<float[]> vectors = embedder.embedAll(texts);

        long allocated = workersAllocated(threads) - before;
        assertThat(vectors).hasSize(64);
        assertThat(allocated).as("bytes the model's workers allocated on the heap").isLessThan(outputBytes / 4);
    }

    @Test
    void a_worker_reusing_its_buffers_for_shorter_runs_gets_the_vectors_of_a_fresh_one() {
        List<String> shorter = List.of(SENTENCES.get(0), SENTENCES.get(1));
        try (OnnxEmbedder reused = EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(1).withPrecision(FP32));
             OnnxEmbedder fresh = EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(1).withPrecision(FP32))) {
            // the one worker's buffers first hold longer runs, then a single text and a pair of short ones
            reused.embedAll(List.of(DATABASE + " " + COOKING + " " + ASTRONOMY, DATABASE + " " + DATABASE, COOKING));

            assertThat(reused.embed(SENTENCES.get(2))).containsExactly(fresh.embed(SENTENCES.get(2)));
            List<float[]> again = reused.embedAll(shorter);
            List<float[]> first = fresh.embedAll(shorter);
            for (int i = 0; i < shorter.size(); i++) {
                assertThat(again.get(i)).containsExactly(first.get(i));
            }
        }
    }

    /** Bytes allocated so far by the threads of the embedders in this JVM ({@code embed-<model>-<pool>-<n>}). */
    private static long workersAllocated(ThreadMXBean threads) {
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("embed-"))
                .mapToLong(Thread::threadId).toArray();
        return LongStream.of(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }

    @Test
    void queries_embedded_together_get_the_vectors_they_get_alone() throws Exception {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            queries.add(SENTENCES.get(i % SENTENCES.size()) + " " + "word ".repeat(i));
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> together = new ArrayList<>();
            for (String q : queries) {
                together.add(callers.submit(() -> embedder.embedQuery(q)));
            }
            for (int i = 0; i < queries.size(); i++) {
                assertThat(together.get(i).get()).containsExactly(embedder.embedAll(List.of(queries.get(i))).get(0),
                        within(1e-5f));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void a_query_does_not_wait_for_a_large_embedding_job() throws Exception {
        List<String> passages = Collections.nCopies(240, DATABASE + " " + COOKING);
        CompletableFuture<List<float[]>> job = CompletableFuture.supplyAsync(() -> embedder.embedAll(passages));
        OnnxEmbedder onnx = (OnnxEmbedder) embedder;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (onnx.waitingRuns() < 60 && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the job has queued its batches (2 texts of 256 word pieces each)
        }
        assertThat(onnx.waitingRuns()).isGreaterThanOrEqualTo(60);

        float[] query = embedder.embedQuery(SENTENCES.get(0));

        assertThat(onnx.waitingRuns()).as("the query ran ahead of the job's waiting batches").isGreaterThan(40);
        assertThat(query).containsExactly(embedder.embed(SENTENCES.get(0)), within(1e-5f));
        assertThat(job.get()).hasSize(240);
    }

    @Test
    void counts_word_pieces_without_special_tokens() {
        assertThat(embedder.countTokens("The quick brown fox jumps over the lazy dog.")).isEqualTo(10);
        // token ##ization of una ##ffa ##ble em ##bed ##ding ##s isn ' t trivial .
        assertThat(embedder.countTokens("Tokenization of unaffable embeddings isn't trivial.")).isEqualTo(15);
        assertThat(embedder.countTokens("")).isZero();
        assertThat(embedder.countTokens(DATABASE)).isEqualTo(150);
    }

    @Test
    void counts_past_the_window() {
        assertThat(embedder.countTokens(DATABASE + " " + DATABASE + " " + DATABASE)).isEqualTo(450);
    }

    @Test
    void a_200_word_text_embeds_differently_from_its_first_120_words() {
        String text = DATABASE + " " + COOKING;
        String first120 = TestTexts.firstWords(text, 120);
        assertThat(text.split(" ")).hasSize(204);
        // both are longer than 128 word pieces: with the bundled 128 cut they would embed identically
        assertThat(embedder.countTokens(first120)).isGreaterThan(128);
        assertThat(embedder.countTokens(text)).isBetween(129, 256);

        double similarity = cosine(embedder.embed(text), embedder.embed(first120));

        assertThat(similarity).isLessThan(0.95);
    }

    @Test
    void texts_that_differ_only_after_128_word_pieces_embed_differently() {
        float[] withCooking = embedder.embed(DATABASE + " " + COOKING);
        float[] withAstronomy = embedder.embed(DATABASE + " " + ASTRONOMY);

        assertThat(cosine(withCooking, withAstronomy)).isLessThan(0.95);
    }

    @Test
    void word_pieces_after_256_are_cut() {
        String longer = DATABASE + " " + DATABASE; // 300 word pieces

        assertThat(embedder.embed(longer + " " + COOKING)).containsExactly(embedder.embed(longer + " " + ASTRONOMY));
    }
}
