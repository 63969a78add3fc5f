package io.knowledgehub.crawler.extract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHasherTest {

    @Test
    void is_the_sha256_hex_of_the_text() {
        assertThat(new ContentHasher(false, false).hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void ignores_whitespace_differences_when_normalising_whitespace() {
        ContentHasher hasher = new ContentHasher(true, false);

        assertThat(hasher.hash("  one two\n\n three\t")).isEqualTo(hasher.hash("one two three"));
        assertThat(hasher.hash("one two three")).isNotEqualTo(hasher.hash("one two four"));
    }

    @Test
    void keeps_whitespace_differences_when_not_normalising() {
        ContentHasher hasher = new ContentHasher(false, false);

        assertThat(hasher.hash("one  two")).isNotEqualTo(hasher.hash("one two"));
    }

    @Test
    void ignores_case_only_when_asked() {
        assertThat(new ContentHasher(true, true).hash("Vacuum FULL")).isEqualTo(new ContentHasher(true, true).hash("vacuum full"));
        assertThat(new ContentHasher(true, false).hash("Vacuum FULL")).isNotEqualTo(new ContentHasher(true, false).hash("vacuum full"));
    }
}
