package io.knowledgehub.adapters.weaviate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WordTokensTest {

    @Test
    void splits_like_weaviates_word_tokenization() {
        assertThat(WordTokens.of("Lois & Clark: The New Adventures of Superman"))
                .containsExactly("lois", "clark", "the", "new", "adventures", "of", "superman");
        assertThat(WordTokens.of("variable_name")).containsExactly("variable", "name");
        assertThat(WordTokens.of("Email: john.doe@example.com")).containsExactly("email", "john", "doe", "example", "com");
        assertThat(WordTokens.of("Call pg_relation_size(oid) or useState in React.memo."))
                .containsExactly("call", "pg", "relation", "size", "oid", "or", "usestate", "in", "react", "memo");
        assertThat(WordTokens.of("Größe ½ café-2")).containsExactly("größe", "½", "café", "2");
        assertThat(WordTokens.of("--- ")).isEmpty();
        assertThat(WordTokens.of(null)).isEmpty();
    }

    @Test
    void mentions_are_consecutive_words_with_an_optional_prefix_at_the_end() {
        List<String> text = WordTokens.of("Partition pruning is one of many planner steps");
        assertThat(WordTokens.mentions(text, List.of("partition", "pruning"), false)).isTrue();
        assertThat(WordTokens.mentions(text, List.of("pruning", "partition"), false)).isFalse();
        assertThat(WordTokens.mentions(text, List.of("partition", "steps"), false)).isFalse();
        assertThat(WordTokens.mentions(text, List.of("plan"), false)).isFalse();
        assertThat(WordTokens.mentions(text, List.of("plan"), true)).isTrue();
        assertThat(WordTokens.mentions(text, List.of("many", "plan"), true)).isTrue();
        assertThat(WordTokens.mentions(text, List.of("steps", "x"), true)).isFalse();
        assertThat(WordTokens.mentions(text, List.of(), false)).isFalse();
    }

    @Test
    void stop_words_are_the_standalone_indexs_english_list() {
        assertThat(WordTokens.STOP_WORDS).hasSize(33).contains("the", "a", "with").doesNotContain("how", "use");
        assertThat(WordTokens.withoutStopWords(List.of("to", "be", "or", "not", "to", "be", "vacuum"))).containsExactly("vacuum");
    }
}
