package io.knowledgehub.core.search;

import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        assertThat(s).isEqualTo("## Pooling\n\nThe \\<b>pool\\</b> keeps pool connections; a pool per host.\n\n"
                + "```java\nvar p = new Pool();\n\np.open();\n```");
    }

    @Test
    void markdown_snippets_keep_text_that_looks_like_html_as_text_outside_code() {
        String text = "Intro about nothing.\n\n## Escaping <b> test & more\n\n"
                + "Write <script>alert(1)</script> to test; the literal text <mark>word</mark> stays text, a < b && c > d, "
                + "&amp; written literally and AT&T.\n\n- a list item with <mark>x</mark>\n\n| a | <mark>cell</mark> |\n\n"
                + "```html\n<script>alert(1)</script> &amp; a < b\n```";
        String s = Snippets.markdownSnippet(text, Snippets.needles(QueryParser.parse("script word")), 60);

        assertThat(s).isEqualTo("## Escaping \\<b> test & more\n\n"
                + "Write \\<script>alert(1)\\</script> to test; the literal text \\<mark>word\\</mark> stays text, "
                + "a \\< b && c > d, \\&amp; written literally and AT&T.\n\n- a list item with \\<mark>x\\</mark>\n\n"
                + "| a | \\<mark>cell\\</mark> |\n\n```html\n<script>alert(1)</script> &amp; a < b\n```");
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
    void a_word_is_found_in_any_case_as_comparing_letter_by_letter_at_every_place_would_find_it() {
        // letters in both cases, the letters outside ASCII whose case folds onto ASCII ones (dotted I, dotless i,
        // long s, Kelvin sign) and other letters outside ASCII, in random texts and words
        char[] alphabet = {'a', 'b', 'i', 'k', 's', 'A', 'B', 'I', 'K', 'S', '\u0130', '\u0131', '\u017F', '\u212A',
                'é', 'É', ' ', '_'};
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(12));
            String word = randomText(random, alphabet, 1 + random.nextInt(3)).toLowerCase(Locale.ROOT);
            boolean anywhere = false;
            for (int i = 0; i + word.length() <= text.length(); i++) {
                anywhere |= text.regionMatches(true, i, word, 0, word.length());
            }
            assertThat(ScoreModel.containsIgnoreCase(text, word)).as("'%s' in '%s'", word, text).isEqualTo(anywhere);
        }
    }

    @Test
    void coverage_looked_up_in_the_folded_texts_is_what_comparing_each_text_at_every_place_gives() {
        // letters whose case folds across scripts or onto ASCII (dotted I, dotless i, long s, Kelvin sign, micro sign
        // and Greek mu, the three sigmas, sharp s and its capital, the title-case dz), a pair outside the Basic
        // Multilingual Plane (Deseret, compared as one code point), y with diaeresis (its capital is outside Latin-1),
        // NUL, line breaks (which join the folded texts), empty texts
        String[] alphabet = {"a", "b", "i", "k", "s", "A", "I", "K", "S", "\u0130", "\u0131", "\u017F", "\u212A", "é", "É",
                "\u00B5", "\u039C", "\u03BC", "\u03C3", "\u03C2", "\u03A3", "ß", "\u1E9E", "\u01C4", "\u01C5", "\u01C6",
                "\u00FF", "\u0178", "\u0000", "\n", " ", "\uD801\uDC00", "\uD801\uDC28"};
        Random random = new Random(5);
        int folded = 0;
        for (int round = 0; round < 20_000; round++) {
            List<String> texts = new ArrayList<>();
            for (int t = random.nextInt(3); t >= 0; t--) {
                texts.add(randomText(random, alphabet, random.nextInt(10)));
            }
            List<String> words = new ArrayList<>();
            for (int w = random.nextInt(3); w >= 0; w--) {
                words.add(randomText(random, alphabet, 1 + random.nextInt(3)));
            }
            int present = 0;
            for (String word : words) {
                String lower = word.toLowerCase(Locale.ROOT);
                boolean anywhere = false;
                for (String text : texts) {
                    for (int i = 0; i + lower.length() <= text.length(); i++) {
                        anywhere |= text.regionMatches(true, i, lower, 0, lower.length());
                    }
                }
                present += anywhere ? 1 : 0;
            }
            String fold = ScoreModel.fold(texts);
            folded += fold == null ? 0 : 1;
            assertThat(ScoreModel.coverage(new ScoreModel.CoverageWords(words), texts, fold))
                    .as("%s in %s", words, texts).isEqualTo((double) present / words.size());
        }
        assertThat(folded).as("candidates looked up in a folded copy").isGreaterThan(5_000);
    }

    @Test
    void texts_with_a_character_outside_the_basic_multilingual_plane_are_not_folded() {
        assertThat(ScoreModel.fold(List.of("Title", "x \uD801\uDC00 y"))).isNull();
        assertThat(ScoreModel.fold(List.of("Straße", "ÜBER \u212A"))).isEqualTo("straße\nüber k");
        assertThat(ScoreModel.fold(List.of("", "", "Abc"))).isEqualTo("\n\nabc");
        assertThat(ScoreModel.fold(List.of())).isEmpty();
    }

    @Test
    void a_plain_snippet_leaves_out_heading_marks_and_fences_and_flattens_white_space() {
        Random random = new Random(11);
        char[] alphabet = {'a', 'B', '#', '`', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u00A0', '\u0001', 'x', '_'};
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(16));
            String byPatterns = text.replaceAll("(?m)^#+\\s*", "").replaceAll("```\\w*", "").replaceAll("\\s+", " ").trim();
            assertThat(Snippets.flatten(text)).as("'%s'", text).isEqualTo(byPatterns);
        }
    }

    /** The index matches identifiers in parts, so the snippet marks the identifier a part of it matched. */
    @Test
    void identifiers_are_marked_for_a_run_of_their_parts() {
        String text = "Call widget_check_status() or useWidgetState; HTTPServer starts. A checker and statuses.";
        assertThat(Snippets.snippet(text, Snippets.needles(QueryParser.parse("check_status")), 40))
                .contains("<mark>widget_check_status</mark>").doesNotContain("<mark>checker").doesNotContain("<mark>useWidgetState");
        assertThat(Snippets.snippet(text, Snippets.needles(QueryParser.parse("WidgetState")), 40)).contains("<mark>useWidgetState</mark>");
        assertThat(Snippets.snippet(text, Snippets.needles(QueryParser.parse("server")), 40)).contains("<mark>HTTPServer</mark>");
        assertThat(Snippets.snippet(text, Snippets.needles(QueryParser.parse("status")), 40))
                .contains("<mark>widget_check_status</mark>").contains("<mark>statuses</mark>");
        // a run of parts, not a piece of one: "tstat" and "widgetcheck_state" mark nothing
        assertThat(Snippets.snippet(text, Snippets.needles(QueryParser.parse("tstat")), 40)).doesNotContain("<mark>");
        assertThat(SectionAnchors.parts("HTTPServer_v2Thing")).extracting(p -> p.toLowerCase(java.util.Locale.ROOT))
                .containsExactly("http", "server", "v2", "thing");
        assertThat(SectionAnchors.parts("plain")).containsExactly("plain");
    }

    @Test
    void words_are_the_runs_of_letters_numbers_and_underscores_the_pattern_finds() {
        Pattern word = Pattern.compile("[\\p{L}\\p{N}_]+");
        // ASCII and its neighbours, letters and numbers of other kinds (titlecase, modifier, Roman numerals,
        // superscripts, fractions, Devanagari digits), combining marks and connectors that are not words, letters
        // and digits outside the Basic Multilingual Plane, a lone high and a lone low surrogate
        String[] alphabet = {"a", "Z", "0", "9", "_", "-", ".", "'", " ", "\n", "@", "`", "{", "[", "/", ":",
                "é", "ß", "ǅ", "ʰ", "中", "Ⅻ", "²", "½", "६", "\u0301", "‿", "\u00A0", "\u200B",
                "\uD835\uDC9C", "\uD835\uDFD8", "\uD83D\uDE00", "\uD800", "\uDC00"};
        Random random = new Random(21);
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(60)); // past the 8 words the spans start with
            List<Integer> expected = new ArrayList<>();
            Matcher m = word.matcher(text);
            while (m.find()) {
                expected.add(m.start());
                expected.add(m.end());
            }
            assertThat(Snippets.wordSpans(text)).as("'%s'", text).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
        assertThat(Snippets.wordSpans("")).isEmpty();
        assertThat(Snippets.wordSpans("pg_dump, React.memo 42")).containsExactly(0, 7, 9, 14, 15, 19, 20, 22);
        assertThat(Snippets.wordSpans("a ".repeat(8) + "b")).hasSize(18).endsWith(16, 17);
        assertThat(Snippets.wordSpans("a ".repeat(16))).hasSize(32).endsWith(30, 31);
    }

    private static String randomText(Random random, String[] alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return b.toString();
    }

    private static String randomText(Random random, char[] alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return b.toString();
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
