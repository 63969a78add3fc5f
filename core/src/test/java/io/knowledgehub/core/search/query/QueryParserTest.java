package io.knowledgehub.core.search.query;

import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.knowledgehub.core.search.query.SearchQuery.Occur.MUST;
import static io.knowledgehub.core.search.query.SearchQuery.Occur.MUST_NOT;
import static io.knowledgehub.core.search.query.SearchQuery.Occur.SHOULD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParserTest {

    @Test
    void parses_the_tutorial_queries() {
        assertThat(QueryParser.parse("\"React Strict Mode\"").clauses())
                .containsExactly(new SearchQuery.Clause(SHOULD, List.of("React", "Strict", "Mode"), true, false));
        assertThat(QueryParser.parse("hooks -class").clauses()).containsExactly(
                new SearchQuery.Clause(SHOULD, List.of("hooks"), false, false),
                new SearchQuery.Clause(MUST_NOT, List.of("class"), false, false));
        assertThat(QueryParser.parse("+React +performance +optimization").of(MUST)).hasSize(3);
        assertThat(QueryParser.parse("use*").clauses())
                .containsExactly(new SearchQuery.Clause(SHOULD, List.of("use"), false, true));
    }

    @Test
    void a_command_line_option_is_a_word_to_find_not_an_exclusion() {
        assertThat(QueryParser.parse("widget --global").clauses()).containsExactly(
                new SearchQuery.Clause(SHOULD, List.of("widget"), false, false),
                new SearchQuery.Clause(SHOULD, List.of("--global"), false, false));
        assertThat(QueryParser.parse("--verbose").clauses())
                .containsExactly(new SearchQuery.Clause(SHOULD, List.of("--verbose"), false, false));
        assertThat(QueryParser.parse("pg_dump --format=custom -plain").clauses()).extracting(SearchQuery.Clause::occur)
                .containsExactly(SHOULD, SHOULD, MUST_NOT);
    }

    @Test
    void keeps_identifiers_whole_and_knows_required_phrases() {
        SearchQuery q = QueryParser.parse("pg_dump +\"custom format\" React.memo e-mail -\"old version\"");
        assertThat(q.clauses()).extracting(SearchQuery.Clause::text)
                .containsExactly("pg_dump", "custom format", "React.memo", "e-mail", "old version");
        assertThat(q.clauses().get(1).occur()).isEqualTo(MUST);
        assertThat(q.clauses().get(4).occur()).isEqualTo(MUST_NOT);
        assertThat(q.positiveText()).isEqualTo("pg_dump custom format React.memo e-mail");
        assertThat(q.hasConstraints()).isTrue();
        assertThat(QueryParser.parse("connection pooling").hasConstraints()).isFalse();
    }

    @Test
    void malformed_queries_say_where() {
        assertThatThrownBy(() -> QueryParser.parse("foo \"bar baz")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("position 5").hasMessageContaining("never closed");
        assertThatThrownBy(() -> QueryParser.parse("foo + bar")).hasMessageContaining("position 5");
        assertThatThrownBy(() -> QueryParser.parse("-class -old")).hasMessageContaining("only excludes");
        assertThatThrownBy(() -> QueryParser.parse("us*e")).hasMessageContaining("position 3");
        assertThatThrownBy(() -> QueryParser.parse("  ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> QueryParser.parse("a \"\" b")).hasMessageContaining("no words");
    }

    @Test
    void bounds_the_length_and_the_words_of_a_query() {
        String words64 = String.join(" ", java.util.Collections.nCopies(63, "w")) + " \"last\"";
        assertThat(QueryParser.parse(words64).clauses()).hasSize(64);
        assertThatThrownBy(() -> QueryParser.parse(words64 + " one-more")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("65 words").hasMessageContaining("at most 64");
        assertThatThrownBy(() -> QueryParser.parse("w \"" + "a ".repeat(64) + "\"")).hasMessageContaining("at most 64");
        assertThat(QueryParser.parse("x".repeat(1000)).clauses()).hasSize(1);
        assertThatThrownBy(() -> QueryParser.parse("x".repeat(1001))).hasMessageContaining("at most 1000");
    }
}
