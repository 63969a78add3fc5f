package io.knowledgehub.adapters.embeddings.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog works from its own jar: descriptors, names and the tokenizers' counts, with no model jar around. */
class ModelCatalogTest {

    @Test
    void lists_the_bundled_models_default_first() {
        assertThat(ModelCatalog.descriptors()).extracting(ModelDescriptor::name).containsExactly(
                "all-MiniLM-L6-v2", "all-MiniLM-L6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q");
        assertThat(ModelCatalog.descriptor("BGE-small-en-v1.5").maxTokens()).isEqualTo(510);
    }

    @Test
    void accepts_hugging_face_names() {
        assertThat(ModelCatalog.canonicalName("sentence-transformers/all-MiniLM-L6-v2")).contains("all-MiniLM-L6-v2");
        assertThat(ModelCatalog.canonicalName("BAAI/bge-small-en-v1.5")).contains("bge-small-en-v1.5");
        assertThat(ModelCatalog.canonicalName("text-embedding-3-small")).isEmpty();
        // an int8-weight variant has its model's Hugging Face name
        assertThat(ModelCatalog.baseModel("all-MiniLM-L6-v2-q")).isEqualTo("all-MiniLM-L6-v2");
        assertThat(ModelCatalog.baseModel("bge-small-en-v1.5-Q")).isEqualTo("bge-small-en-v1.5");
        assertThat(ModelCatalog.baseModel("bge-small-en-v1.5")).isEqualTo("bge-small-en-v1.5");
    }

    @Test
    void rejects_an_unknown_model_naming_the_known_ones() {
        assertThatThrownBy(() -> ModelCatalog.tokenCounter("text-embedding-3-small"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all-MiniLM-L6-v2, all-MiniLM-L6-v2-q, bge-small-en-v1.5, bge-small-en-v1.5-q");
    }

    @Test
    void counts_word_pieces_of_every_model_from_the_tokenizer_files_in_this_jar() {
        for (ModelDescriptor model : ModelCatalog.descriptors()) {
            TokenCounter counter = ModelCatalog.tokenCounter(model.name());
            assertThat(counter.count("The quick brown fox jumps over the lazy dog.")).as(model.name()).isEqualTo(10);
            assertThat(counter.count("PgBouncer")).as(model.name()).isGreaterThan(1);
        }
    }
}
