package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QueryShapeTest {

    private static QueryShape shape(String q) {
        return QueryShape.of(QueryParser.parse(q));
    }

    @Test
    void search_terms_are_not_natural_language() {
        assertThat(shape("connection pooling").naturalness()).isZero();
        assertThat(shape("ALTER INDEX").naturalness()).isZero();
        assertThat(shape("pg_relation_size").naturalness()).isZero();
        assertThat(shape("list of the roles").naturalness()).isZero(); // 4 words: still terms
    }

    @Test
    void a_question_is_fully_natural_and_its_keyword_words_are_its_content_words() {
        QueryShape s = shape("how do I stop two bookings of the same room from overlapping");
        assertThat(s.naturalness()).isEqualTo(1.0);
        assertThat(s.keywordWords()).containsExactly("stop", "two", "bookings", "same", "room", "overlapping");
        assertThat(s.words()).hasSize(12);
    }

    @Test
    void naturalness_rises_linearly_with_length_between_terms_and_sentences() {
        assertThat(shape("reuse space of deleted rows in a table").naturalness()) // 8 words
                .isCloseTo(0.8, within(1e-9));
        assertThat(shape("space reuse after deleting rows").naturalness()) // 5 words
                .isCloseTo(0.2, within(1e-9));
    }

    @Test
    void code_like_words_lower_the_naturalness() {
        assertThat(shape("why does my call to useEffect run twice after every render in development").naturalness())
                .isCloseTo(0.75, within(1e-9));
        assertThat(shape("what is the difference between pg_dump and pg_dumpall for backing up a cluster").naturalness())
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void the_query_language_asks_for_exact_matching() {
        assertThat(shape("how do I make a column reject \"duplicate values\" on insert").naturalness()).isZero();
        assertThat(shape("how do I make a column reject duplicate values +unique").naturalness()).isZero();
        assertThat(shape("how do I make a column reject duplicate values -trigger").naturalness()).isZero();
    }

    @Test
    void a_term_query_keeps_every_word_for_keyword_matching() {
        assertThat(shape("view materialized").keywordWords()).containsExactly("view", "materialized");
    }

    @Test
    void recognises_code_like_words() {
        assertThat(QueryShape.codeLike("pg_dump")).isTrue();
        assertThat(QueryShape.codeLike("React.memo")).isTrue();
        assertThat(QueryShape.codeLike("lower(email)")).isTrue();
        assertThat(QueryShape.codeLike("useState")).isTrue();
        assertThat(QueryShape.codeLike("utf8")).isTrue();
        assertThat(QueryShape.codeLike("table,")).isFalse();
        assertThat(QueryShape.codeLike("Postgres")).isFalse();
        assertThat(QueryShape.codeLike("comma-separated")).isFalse();
        assertThat(QueryShape.codeLike("end.")).isFalse();
    }

    @Test
    void the_semantic_weight_moves_from_the_base_to_the_sentence_weight() {
        assertThat(shape("partition pruning").semanticWeight(0.6, 0.85)).isEqualTo(0.6);
        assertThat(shape("how do I stop two bookings of the same room from overlapping").semanticWeight(0.6, 0.85))
                .isCloseTo(0.85, within(1e-9));
    }
}
