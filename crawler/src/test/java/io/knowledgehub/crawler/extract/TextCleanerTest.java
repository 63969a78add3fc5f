package io.knowledgehub.crawler.extract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextCleanerTest {

    @Test
    void removes_every_match_of_every_pattern() {
        TextCleaner cleaner = TextCleaner.of(List.of("Session ID: [a-f0-9]+", "Advertisement \\d+"));

        assertThat(cleaner.clean("Intro. Session ID: 3fa9 Body. Advertisement 12 End. Session ID: beef"))
                .isEqualTo("Intro.  Body.  End. ");
    }

    @Test
    void leaves_text_alone_without_patterns() {
        assertThat(TextCleaner.of(List.of()).clean("as is")).isEqualTo("as is");
    }
}
