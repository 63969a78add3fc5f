package io.knowledgehub.core.auth;

import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyNameTest {

    @Test
    void a_key_name_is_a_printable_label() {
        assertThat(ApiKeyService.requireName("  CI search – nightly ✓ ")).isEqualTo("CI search – nightly ✓");
        assertThatThrownBy(() -> ApiKeyService.requireName("ci\u0001search")).isInstanceOf(InvalidInputException.class)
                .hasMessage("name contains the control character U+0001 at position 3; use printable characters.");
        assertThatThrownBy(() -> ApiKeyService.requireName("two\nlines")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> ApiKeyService.requireName("\u0085next")).hasMessageContaining("U+0085");
        assertThatThrownBy(() -> ApiKeyService.requireName(" ")).hasMessageContaining("name is required");
    }
}
