package io.knowledgehub.core.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What every {@link Embedder} must do (the port's contract); each adapter's test extends it. One embedder per
 * test class: loading a model takes a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbedderContract {

    public static final List<String> SENTENCES = List.of(
            "CREATE INDEX builds an index on the chosen columns of a table to speed up lookups.",
            "The chef seasoned the tomato soup with fresh basil and black pepper.",
            "VACUUM reclaims storage occupied by dead tuples.",
            "Jupiter is the largest planet in the solar system.",
            "A foreign key constraint keeps references between two tables consistent.",
            "The train to the coast leaves every morning at seven.",
            "Use EXPLAIN ANALYZE to see the actual run time of each plan node.",
            "She planted tulips along the garden fence in autumn.");

    protected Embedder embedder;

    /** A fresh embedder; the contract closes it when it is {@link AutoCloseable}. */
    protected abstract Embedder newEmbedder();

    @BeforeAll
    void load() {
        embedder = newEmbedder();
    }

    @AfterAll
    void unload() throws Exception {
        if (embedder instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void returns_one_unit_vector_of_the_model_dimension_per_text() {
        List<float[]> vectors = embedder.embedAll(SENTENCES);

        assertThat(vectors).hasSize(SENTENCES.size());
        for (float[] vector : vectors) {
            assertThat(vector).hasSize(embedder.dimension());
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void returns_an_empty_list_for_no_texts() {
        assertThat(embedder.embedAll(List.of())).isEmpty();
    }

    @Test
    void same_text_gives_the_same_vector() {
        String text = SENTENCES.get(0);

        assertThat(embedder.embed(text)).containsExactly(embedder.embed(text));
        assertThat(embedder.embedAll(SENTENCES).get(0)).containsExactly(embedder.embedAll(SENTENCES).get(0));
    }

    @Test
    void keeps_input_order_whatever_the_batching() {
        List<float[]> together = embedder.embedAll(SENTENCES);

        for (int i = 0; i < SENTENCES.size(); i++) {
            // alone, the text is in a batch of one with no padding: only float rounding may differ
            assertThat(embedder.embed(SENTENCES.get(i))).containsExactly(together.get(i), within(1e-5f));
        }
    }

    @Test
    void ranks_a_related_sentence_above_an_unrelated_one() {
        float[] query = queryVector("how do I make lookups on a table column faster");
        float[] related = embedder.embed(SENTENCES.get(0));
        float[] unrelated = embedder.embed(SENTENCES.get(1));

        assertThat(cosine(query, related)).isGreaterThan(cosine(query, unrelated) + 0.1);
    }

    @Test
    void concurrent_callers_get_the_same_vectors_as_a_single_caller() throws Exception {
        List<float[]> expected = embedder.embedAll(SENTENCES);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(callers.submit(() -> embedder.embedAll(SENTENCES)));
            }
            for (Future<List<float[]>> result : results) {
                List<float[]> vectors = result.get();
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(vectors.get(i)).containsExactly(expected.get(i), within(1e-6f));
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** How the search side embeds a query with this model. */
    protected float[] queryVector(String query) {
        return embedder.embed(query);
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    public static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
