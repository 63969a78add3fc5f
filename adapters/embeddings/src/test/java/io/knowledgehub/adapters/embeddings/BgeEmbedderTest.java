package io.knowledgehub.adapters.embeddings;

import io.knowledgehub.core.embed.EmbedderContract;

import io.knowledgehub.core.embed.Embedder;
import org.junit.jupiter.api.Test;

import static io.knowledgehub.adapters.embeddings.TestTexts.ASTRONOMY;
import static io.knowledgehub.adapters.embeddings.TestTexts.COOKING;
import static io.knowledgehub.adapters.embeddings.TestTexts.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

class BgeEmbedderTest extends EmbedderContract {

    @Override
    protected Embedder newEmbedder() {
        return EmbeddingModels.create("bge-small-en-v1.5", EmbedderSettings.defaults().withWorkers(2));
    }

    @Override
    protected float[] queryVector(String query) {
        return ((OnnxEmbedder) embedder).embedQuery(query);
    }

    @Test
    void describes_the_model() {
        assertThat(embedder.modelName()).isEqualTo("bge-small-en-v1.5");
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.maxTokens()).isEqualTo(510);
    }

    @Test
    void queries_carry_the_retrieval_instruction() {
        OnnxEmbedder bge = (OnnxEmbedder) embedder;
        String query = "how do I drop an unused index";

        assertThat(bge.descriptor().queryPrefix())
                .isEqualTo("Represent this sentence for searching relevant passages: ");
        assertThat(bge.embedQuery(query)).containsExactly(bge.embed(bge.descriptor().queryPrefix() + query));
    }

    @Test
    void reads_past_256_word_pieces_and_cuts_at_510() {
        String longer = DATABASE + " " + DATABASE; // 300 word pieces
        String longest = longer + " " + longer; // 600 word pieces

        assertThat(cosine(embedder.embed(longer + " " + COOKING), embedder.embed(longer + " " + ASTRONOMY)))
                .isLessThan(0.99);
        assertThat(embedder.embed(longest + " " + COOKING)).containsExactly(embedder.embed(longest + " " + ASTRONOMY));
    }
}
