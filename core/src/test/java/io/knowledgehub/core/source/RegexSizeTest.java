package io.knowledgehub.core.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegexSizeTest {

    @Test
    void nested_counts_multiply_and_sizes_add() {
        assertThat(RegexSize.of("((a{1000}){1000}){1000}")).isEqualTo(new RegexSize(1_000_000_000, 1_000_000_000));
        // the ":" of "(?:" counts as a character: over-counting is the safe side
        assertThat(RegexSize.of("(?:ab{3}){2}c")).isEqualTo(new RegexSize(6, (1 + 1 + 3) * 2 + 1));
        assertThat(RegexSize.of("x{2,}y{0,7}|z{5,9}")).isEqualTo(new RegexSize(9, 2 + 7 + 9));
        assertThat(RegexSize.of("(a|b{10})+")).isEqualTo(new RegexSize(10, 11));
        assertThat(RegexSize.of("plain")).isEqualTo(new RegexSize(1, 5));
        // an empty group is still a part that a repetition copies
        assertThat(RegexSize.of("(((){1000}){1000}){1000}").nestedRepetition()).isEqualTo(1_000_000_000);
        assertThat(RegexSize.of("((|){1000}){1000}").nestedRepetition()).isEqualTo(1_000_000);
    }

    @Test
    void braces_that_are_no_repetition_count_as_characters() {
        assertThat(RegexSize.of("\\p{Greek}{3}").nestedRepetition()).isEqualTo(3);
        assertThat(RegexSize.of("\\x{263a}").nestedRepetition()).isEqualTo(1);
        assertThat(RegexSize.of("a{,5}b{x}\\{1000}").nestedRepetition()).isEqualTo(1);
        assertThat(RegexSize.of("[{1000}]").nestedRepetition()).isEqualTo(1);
        assertThat(RegexSize.of("\\Q(a{1000}){1000}\\E").nestedRepetition()).isEqualTo(1);
    }

    @Test
    void parentheses_inside_classes_and_escapes_do_not_hide_a_nesting() {
        assertThat(RegexSize.of("[)](a{1000}){1000}").nestedRepetition()).isEqualTo(1_000_000);
        assertThat(RegexSize.of("[]()](a{100}\\)){100}").nestedRepetition()).isEqualTo(10_000);
        assertThat(RegexSize.of("([[:alpha:]()]{100}){100}").nestedRepetition()).isEqualTo(10_000);
        assertThat(RegexSize.of("(\\Q)\\E{50}){50}").nestedRepetition()).isEqualTo(2500);
    }

    @Test
    void a_selector_counts_each_of_its_regular_expressions() {
        assertThat(RegexSize.inSelector(".ad > p").nestedRepetition()).isEqualTo(1);
        assertThat(RegexSize.inSelector("p:matches(\\d{4})").nestedRepetition()).isEqualTo(4);
        assertThat(RegexSize.inSelector("p:matches(a{10}) div:matchesOwn((b{10}){50})").nestedRepetition()).isEqualTo(500);
        assertThat(RegexSize.inSelector("[title~=(a{1000}){1000}]").nestedRepetition()).isEqualTo(1_000_000);
        // an unfinished \Q in one argument hides nothing in the next
        assertThat(RegexSize.inSelector("p:matches(\\Qx):matches((a{100}){100})").nestedRepetition()).isEqualTo(10_000);
    }
}
