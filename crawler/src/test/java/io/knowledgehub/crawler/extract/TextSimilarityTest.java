package io.knowledgehub.crawler.extract;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TextSimilarityTest {

    private static final String LONG = IntStream.range(0, 400).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

    @Test
    void identical_texts_have_not_changed() {
        assertThat(TextSimilarity.changedShare(LONG, LONG)).isZero();
    }

    @Test
    void whitespace_and_case_do_not_count_as_change() {
        assertThat(TextSimilarity.changedShare("The Quick  brown\nfox", "the quick brown fox")).isZero();
    }

    @Test
    void a_one_word_edit_in_a_long_text_is_a_tiny_change() {
        String edited = LONG.replace("word200 ", "changed ");

        assertThat(TextSimilarity.changedShare(LONG, edited)).isCloseTo(2.0 / 399, within(0.001));
    }

    @Test
    void rewriting_everything_is_a_complete_change() {
        String other = IntStream.range(0, 400).mapToObj(i -> "other" + i).collect(Collectors.joining(" "));

        assertThat(TextSimilarity.changedShare(LONG, other)).isEqualTo(1.0);
    }

    @Test
    void replacing_half_the_text_is_about_half_a_change() {
        String half = LONG.substring(0, LONG.indexOf("word200")) + IntStream.range(0, 200)
                .mapToObj(i -> "other" + i).collect(Collectors.joining(" "));

        assertThat(TextSimilarity.changedShare(LONG, half)).isBetween(0.45, 0.55);
    }

    @Test
    void handles_empty_and_single_word_texts() {
        assertThat(TextSimilarity.changedShare("", "")).isZero();
        assertThat(TextSimilarity.changedShare("", "word")).isEqualTo(1.0);
        assertThat(TextSimilarity.changedShare("word", "word")).isZero();
    }
}
