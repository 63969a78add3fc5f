package io.knowledgehub.core.embed;

import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ModelRegistry} must do (the port's contract); each adapter's test extends it. One registry per
 * test class, and one more for the test that needs nothing loaded: loading a model takes a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelRegistryContract {

    protected ModelRegistry registry;

    /** A fresh registry that has loaded nothing yet; the contract closes it when it is {@link AutoCloseable}. */
    protected abstract ModelRegistry newRegistry();

    @BeforeAll
    void create() {
        registry = newRegistry();
    }

    @AfterAll
    void close() throws Exception {
        close(registry);
    }

    @Test
    void lists_each_model_once_and_exactly_one_active() {
        List<ModelRegistry.Model> models = registry.models();

        assertThat(models).isNotEmpty();
        assertThat(models).extracting(ModelRegistry.Model::name).doesNotHaveDuplicates();
        assertThat(models).filteredOn(ModelRegistry.Model::active).hasSize(1);
        for (ModelRegistry.Model model : models) {
            assertThat(model.dimensions()).isPositive();
            assertThat(model.maxTokens()).isPositive();
            assertThat(model.description()).isNotBlank();
        }
    }

    @Test
    void the_active_model_embeds_as_listed() {
        ModelRegistry.Model listed = activeModel(registry);

        Embedder active = registry.active();

        assertThat(active.modelName()).isEqualTo(listed.name());
        assertThat(active.dimension()).isEqualTo(listed.dimensions());
        assertThat(active.maxTokens()).isEqualTo(listed.maxTokens());
        assertThat(active.embed("How to install")).hasSize(listed.dimensions());
        assertThat(registry.model(null)).isSameAs(active);
        assertThat(registry.model(" ")).isSameAs(active);
    }

    @Test
    void loads_a_model_on_first_use_once_and_says_so() throws Exception {
        ModelRegistry fresh = newRegistry();
        try {
            assertThat(fresh.models()).noneMatch(ModelRegistry.Model::loaded);
            ModelRegistry.Model other = fresh.models().stream().filter(m -> !m.active()).findFirst()
                    .orElseGet(() -> activeModel(fresh));

            Embedder embedder = fresh.model(other.name());

            assertThat(embedder.modelName()).isEqualTo(other.name());
            assertThat(embedder.dimension()).isEqualTo(other.dimensions());
            assertThat(fresh.model(other.name())).isSameAs(embedder);
            assertThat(fresh.models()).filteredOn(ModelRegistry.Model::loaded).extracting(ModelRegistry.Model::name)
                    .containsExactly(other.name());
        } finally {
            close(fresh);
        }
    }

    @Test
    void names_match_in_any_case() {
        String name = activeModel(registry).name();

        assertThat(registry.model(name.toUpperCase(Locale.ROOT))).isSameAs(registry.model(name));
    }

    @Test
    void rejects_a_model_it_does_not_ship_naming_those_it_does() {
        assertThatThrownBy(() -> registry.model("text-embedding-3-small"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("model_name"))
                .hasMessageContaining("text-embedding-3-small")
                .hasMessageContaining(activeModel(registry).name());
    }

    private static ModelRegistry.Model activeModel(ModelRegistry registry) {
        return registry.models().stream().filter(ModelRegistry.Model::active).findFirst().orElseThrow();
    }

    private static void close(ModelRegistry registry) throws Exception {
        if (registry instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
