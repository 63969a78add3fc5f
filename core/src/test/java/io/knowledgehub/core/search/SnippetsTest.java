package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnippetsTest {

    @Test
    void marks_query_words_in_the_best_passage_and_escapes_html() {
        String text = "# Intro\n\nNothing here at all. " + "filler ".repeat(60)
                + "\n\nThe <b>partition</b> pruning step removes partitions early. " + "tail ".repeat(60);
        String s = Snippets.snippet(text, Snippets.needles(QueryParser.parse("partition pruning -early")), 20);
        assertThat(s).contains("<mark>partition</mark>").contains("<mark>pruning</mark>").contains("<mark>partitions</mark>")
                .contains("&lt;b&gt;").doesNotContain("<mark>early</mark>").startsWith("… ").endsWith(" …")
                .doesNotContain("Intro");
    }

    @Test
    void prefix_words_mark_every_word_they_start() {
        String s = Snippets.snippet("Call useState or useEffect, not fetch.", Snippets.needles(QueryParser.parse("use*")), 40);
        assertThat(s).isEqualTo("Call <mark>useState</mark> or <mark>useEffect</mark>, not fetch.");
    }

    @Test
    void markdown_snippets_are_whole_blocks_without_html() {
        String text = "Intro about nothing.\n\n## Pooling\n\nThe <b>pool</b> keeps pool connections; a pool per host.\n\n"
                + "```java\nvar p = new Pool();\n\np.open();\n```\n\n" + "tail ".repeat(80);
        String s = Snippets.markdownSnippet(text, Snippets.needles(QueryParser.parse("pool")), 20);
        assertThat(s).isEqualTo("## Pooling\n\nThe <b>pool</b> keeps pool connections; a pool per host.\n\n"
                + "```java\nvar p = new Pool();\n\np.open();\n```");
    }

    @Test
    void a_long_code_block_in_a_markdown_snippet_is_cut_and_keeps_its_fence_closed() {
        StringBuilder code = new StringBuilder("```sh\n");
        for (int i = 0; i < 40; i++) {
            code.append("run step ").append(i).append('\n');
        }
        String s = Snippets.markdownSnippet(code + "```", Snippets.needles(QueryParser.parse("step")), 10);
        assertThat(s).startsWith("```sh\nrun step 0\n").endsWith("\n…\n```").doesNotContain("step 39");
    }

    @Test
    void coverage_ignores_case_and_looks_in_every_text() {
        List<String> texts = List.of("Routine Vacuuming", "VACUUM reclaims storage", "Dead tuples are removed; the FSM tracks free space.");
        assertThat(ScoreModel.coverage(List.of("vacuum", "Tuples", "fsm", "space", "ROUTINE"), texts)).isEqualTo(1.0);
        assertThat(ScoreModel.coverage(List.of("vacuuming", "bloat", "reclaim", "spaces"), texts)).isEqualTo(2.0 / 4);
        assertThat(ScoreModel.coverage(List.of("e.", "ce."), texts)).isEqualTo(1.0);
        assertThat(ScoreModel.coverage(List.of("über", "straße"), List.of("ÜBER die Straße"))).isEqualTo(1.0);
        assertThat(ScoreModel.coverage(List.of("removed;"), List.of("removed", "; the"))).isEqualTo(0.0);
        assertThat(ScoreModel.coverage(List.of(), texts)).isEqualTo(1.0);
    }

    @Test
    void coverage_is_the_share_of_words_present() {
        assertThat(ScoreModel.coverage(List.of("wal", "buffers", "parameter"), "The wal_buffers setting")).isEqualTo(2.0 / 3);
        ScoreModel m = new ScoreModel(0.15, 0.7, 0.6);
        assertThat(m.semantic(0.7)).isEqualTo(1.0);
        assertThat(m.semantic(0.1)).isEqualTo(0.0);
        assertThat(m.keyword(5, 10, 1)).isEqualTo(0.5);
        assertThat(m.hybrid(1, 0)).isEqualTo(0.6);
    }
}
