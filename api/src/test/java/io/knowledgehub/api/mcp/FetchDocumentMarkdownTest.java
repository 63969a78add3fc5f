package io.knowledgehub.api.mcp;

import io.knowledgehub.core.document.Document;
import io.quarkiverse.mcp.server.ToolCallException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchDocumentMarkdownTest {

    private static Document page(String content, String headings) {
        Document d = new Document();
        d.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        d.sourceId = UUID.fromString("00000000-0000-0000-0000-000000000002");
        d.url = "https://docs.example.com/guide.html";
        d.title = "Guide";
        d.content = content;
        d.headings = headings;
        return d;
    }

    private static final String TEXT = """
            # Guide

            Intro.

            ## Install

            Run it.

            ```bash
            # not a heading: a shell comment
            ./kh start
            ```

            ### On Windows

            Use WSL.

            ## Configure

            Set keys.""";
    private static final String HEADINGS = """
            [{"level":1,"text":"Guide","anchor":null},{"level":2,"text":"Install","anchor":"install"},
             {"level":3,"text":"On Windows","anchor":"windows"},{"level":2,"text":"Configure","anchor":"config"}]""";

    @Test
    void a_section_runs_to_the_next_heading_of_its_level_and_ignores_hashes_in_code() {
        String install = FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "install", 10_000);

        assertThat(install).contains("URL: https://docs.example.com/guide.html#install").contains("Section: Install");
        assertThat(install).contains("./kh start").contains("### On Windows").contains("Use WSL.");
        assertThat(install).doesNotContain("Intro.").doesNotContain("Set keys.");
    }

    @Test
    void a_section_is_found_by_anchor() {
        assertThat(FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "#config", 10_000))
                .contains("Section: Configure").contains("Set keys.").doesNotContain("Run it.");
    }

    @Test
    void an_unknown_section_names_the_sections_there_are() {
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "Upgrade", 10_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessageStartingWith("This page has no section 'Upgrade'; its sections are: \"Guide\", \"Install\", "
                        + "\"On Windows\", \"Configure\".");
    }

    @Test
    void a_long_page_is_cut_at_a_block_boundary_and_its_note_lists_only_smaller_sections() {
        String out = FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", null, 70);

        String body = body(out);
        assertThat(body).isEqualTo("# Guide\n\nIntro.\n\n## Install\n\nRun it.");
        assertThat(out).contains("Part: 1 of ").contains("[Truncated: this is part 1 of ")
                .contains("call fetch_document again with the same document and part set to 2.")
                .contains("section set to one of these headings: \"Install\", \"On Windows\", \"Configure\".]");
        // "Guide" is the page's top heading, over all of it: as section it gives this same text again
        assertThat(out).doesNotContain("\"Guide\"");
    }

    private static final String KEY_WORDS = "Appendix C. SQL Key Words";

    /** A page with one heading, over all of it, of about 5,000 characters: paragraphs, three tables, a code block. */
    private static Document keyWordsPage() {
        StringBuilder b = new StringBuilder("# " + KEY_WORDS + "\n\nThe key words of SQL, and whether each is reserved.");
        for (int i = 1; i <= 36; i++) {
            b.append("\n\nParagraph ").append(i).append(": the key word KW").append(i)
                    .append(" is reserved in SQL:2016 and non-reserved in PostgreSQL, which matters when it names a column.");
            if (i % 15 == 5) {
                b.append("\n\n| Key word | PostgreSQL | SQL:2016 |\n|---|---|---|\n| KW").append(i)
                        .append(" | non-reserved | reserved |\n| KW").append(i).append("B | reserved | reserved |");
            }
            if (i == 12) {
                b.append("\n\n```sql\n-- a key word as a column name must be quoted\nCREATE TABLE t (\"KW12\" int);\n\n"
                        + "SELECT \"KW12\" FROM t;\n```");
            }
        }
        return page(b.toString(), "[{\"level\":1,\"text\":\"" + KEY_WORDS + "\",\"anchor\":null}]");
    }

    /** The page text of an answer: after the header, before the closing note. */
    private static String body(String answer) {
        String text = answer.substring(answer.indexOf("\n\n---\n\n") + 7);
        int note = Math.max(text.lastIndexOf("\n\n[Truncated: this is part "), text.lastIndexOf("\n\n[Part "));
        return note >= 0 ? text.substring(0, note) : text.stripTrailing();
    }

    private static final Pattern NEXT = Pattern.compile("call fetch_document again with the same document"
            + "(?:, section set to \"([^\"]*)\")? and part set to (\\d+)\\.");

    /** Reads a page (or section) as an assistant does: the first answer, then the part each note names, to the end. */
    private static List<String> readByTheNotes(Document d, String section, int maxChars) {
        List<String> answers = new ArrayList<>();
        answers.add(FetchDocumentMarkdown.render(d, "Docs", section, maxChars));
        for (int i = 0; i < 10; i++) {
            Matcher next = NEXT.matcher(answers.getLast());
            if (!next.find()) {
                return answers;
            }
            answers.add(FetchDocumentMarkdown.render(d, "Docs", next.group(1), Integer.parseInt(next.group(2)), maxChars));
        }
        throw new AssertionError("the notes never led to the last part: " + answers.getLast());
    }

    @Test
    void a_long_page_with_one_section_is_read_to_its_end_by_following_the_notes() {
        Document d = keyWordsPage();
        String whole = body(FetchDocumentMarkdown.render(d, "Docs", null, 1_000_000));
        assertThat(whole.length()).isBetween(4_500, 5_500);

        List<String> answers = readByTheNotes(d, null, 2_000);

        assertThat(answers).hasSize(3);
        List<String> bodies = answers.stream().map(FetchDocumentMarkdownTest::body).toList();
        // every character of the page once, in order: the parts meet at block boundaries (blank lines)
        assertThat(String.join("\n\n", bodies)).isEqualTo(whole);
        for (int i = 1; i <= 36; i++) {
            String paragraph = "Paragraph " + i + ": ";
            assertThat(bodies.stream().filter(b -> b.contains(paragraph)).count()).as(paragraph).isEqualTo(1);
        }
        for (int i = 0; i < 3; i++) {
            String answer = answers.get(i);
            assertThat(bodies.get(i).length()).isBetween(i < 2 ? 1_000 : 1, 2_000);
            assertThat(bodies.get(i).lines().filter(l -> l.startsWith("```")).count() % 2).isZero();
            assertThat(answer).startsWith("Title: Guide\n").contains("\nPart: " + (i + 1) + " of 3\n");
            // the page's one heading covers all of it: fetching it as section would give this same text again
            assertThat(answer).doesNotContain("section set to").doesNotContain("\"" + KEY_WORDS + "\"");
        }
        assertThat(answers.get(0)).containsPattern("\\[Truncated: this is part 1 of 3 \\(characters 1 to \\d+ of "
                + whole.length() + "\\)\\. To read on, call fetch_document again with the same document and part set to 2\\.]\n$");
        assertThat(answers.get(1)).contains("[Truncated: this is part 2 of 3 (characters ").contains("part set to 3.");
        assertThat(answers.get(2)).endsWith(" of " + whole.length() + "): this page ends here.]\n")
                .contains("[Part 3 of 3, the last part (characters ").doesNotContain("Truncated").doesNotContain("part set to");
        // the character ranges follow each other
        Matcher ranges = Pattern.compile("characters (\\d+) to (\\d+) of").matcher(String.join("", answers));
        int last = 0;
        while (ranges.find()) {
            assertThat(Integer.parseInt(ranges.group(1))).isGreaterThan(last);
            last = Integer.parseInt(ranges.group(2));
        }
        assertThat(last).isEqualTo(whole.length());
    }

    @Test
    void a_page_that_fits_has_no_note_and_part_1_is_the_same_answer() {
        Document d = page(TEXT, HEADINGS);
        String whole = FetchDocumentMarkdown.render(d, "Docs", null, 10_000);
        assertThat(whole).doesNotContain("Truncated").doesNotContain("Part");
        assertThat(FetchDocumentMarkdown.render(d, "Docs", null, 1, 10_000)).isEqualTo(whole);
    }

    @Test
    void a_long_section_is_read_in_parts_with_the_section_named_in_each_note() {
        StringBuilder text = new StringBuilder("# Guide\n\nIntro.\n\n## Install\n\nRun it.");
        for (int i = 1; i <= 12; i++) {
            text.append("\n\nStep ").append(i).append(": install the piece number ").append(i).append(" of the kit.");
            if (i == 6) {
                text.append("\n\n### On Windows\n\nUse WSL for the rest.");
            }
        }
        text.append("\n\n## Configure\n\nSet keys.");
        Document d = page(text.toString(), HEADINGS);
        String whole = body(FetchDocumentMarkdown.render(d, "Docs", "#install", 1_000_000));

        List<String> answers = readByTheNotes(d, "#install", 300);

        assertThat(answers).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join("\n\n", answers.stream().map(FetchDocumentMarkdownTest::body).toList())).isEqualTo(whole);
        assertThat(answers.getFirst()).contains("Section: Install\n").contains("Part: 1 of " + answers.size())
                .contains("with the same document, section set to \"#install\" and part set to 2.")
                .contains("section set to one of these headings: \"On Windows\".]").doesNotContain("\"Install\"")
                .doesNotContain("Intro.").doesNotContain("Set keys.");
        assertThat(answers.getLast()).contains("Section: Install\n").endsWith("): this section ends here.]\n");
    }

    @Test
    void a_code_block_longer_than_a_part_is_closed_at_the_cut_and_opened_again_with_its_language() {
        StringBuilder text = new StringBuilder("# Code\n\nIntro.\n\n```java\n");
        for (int i = 0; i < 60; i++) {
            text.append("int x").append(i).append(" = ").append(i).append(";\n");
        }
        text.append("```\n\nAfter the code.");
        Document d = page(text.toString(), "[]");
        String whole = body(FetchDocumentMarkdown.render(d, "Docs", null, 1_000_000));

        List<String> bodies = readByTheNotes(d, null, 400).stream().map(FetchDocumentMarkdownTest::body).toList();

        assertThat(bodies).hasSizeGreaterThanOrEqualTo(3);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < bodies.size(); i++) {
            String b = bodies.get(i);
            assertThat(b.length()).isLessThanOrEqualTo(400);
            assertThat(b.lines().filter(l -> l.startsWith("```")).count() % 2).as(b).isZero();
            if (i > 0) {
                assertThat(b).startsWith("```java\n");
                b = b.substring("```java\n".length());
            }
            if (i < bodies.size() - 1) {
                assertThat(b).endsWith("\n```");
                b = b.substring(0, b.length() - "\n```".length());
            }
            joined.append(i > 0 ? "\n" : "").append(b);
        }
        assertThat(joined.toString()).isEqualTo(whole);
    }

    @Test
    void a_part_that_does_not_exist_is_an_error_saying_which_parts_there_are() {
        Document d = keyWordsPage();
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(d, "Docs", null, 4, 2_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("part 4 does not exist: this page has 3 parts; pass part 1 to 3, or leave part out for the first.");
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(d, "Docs", null, 0, 2_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("part must be 1 or more (1 is the first part, the same as leaving part out), not 0.");
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(d, "Docs", null, -2, 2_000))
                .isInstanceOf(ToolCallException.class).hasMessageEndingWith(", not -2.");
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(d, "Docs", null, 2, 1_000_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("part 2 does not exist: this page fits in one answer (part 1); leave part out.");
        assertThatThrownBy(() -> FetchDocumentMarkdown.render(page(TEXT, HEADINGS), "Docs", "install", 2, 10_000))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("part 2 does not exist: this section fits in one answer (part 1); leave part out.");
    }

    @Test
    void whole_page_without_headings_json_still_renders() {
        assertThat(FetchDocumentMarkdown.render(page(TEXT, "not json"), null, null, 10_000))
                .contains("Source: 00000000-0000-0000-0000-000000000002").contains("Set keys.").doesNotContain("Truncated");
    }

    @Test
    void text_that_looks_like_html_stays_text_in_the_header_and_the_page_but_not_in_code() {
        Document d = page("Write <script>alert(1)</script> to test.\n\n## The <mark>word</mark> &amp; AT&T\n\n"
                + "a < b && c > d\n\n```html\n<p>a &amp; <mark>b</mark></p>\n```",
                "[{\"level\":2,\"text\":\"The <mark>word</mark> &amp; AT&T\",\"anchor\":\"word\"}]");
        d.title = "Escaping <b> test & more";

        String whole = FetchDocumentMarkdown.render(d, "Docs <i>", null, 10_000);
        assertThat(whole).startsWith("Title: Escaping \\<b> test & more\n").contains("Source: Docs \\<i> · ")
                .contains("Write \\<script>alert(1)\\</script> to test.")
                .contains("## The \\<mark>word\\</mark> \\&amp; AT&T\n\na \\< b && c > d")
                .contains("```html\n<p>a &amp; <mark>b</mark></p>\n```");
        String section = FetchDocumentMarkdown.render(d, "Docs", "word", 10_000);
        assertThat(section).contains("Section: The \\<mark>word\\</mark> \\&amp; AT&T\n")
                .contains("URL: https://docs.example.com/guide.html#word").doesNotContainPattern("(?<!\\\\)<mark>word");
        String cut = FetchDocumentMarkdown.render(d, "Docs", null, 40);
        assertThat(cut).contains("Write \\<script>").doesNotContainPattern("(?<!\\\\)<script").contains("[Truncated");
    }

    @Test
    void of_two_copies_of_one_url_the_one_with_the_section_asked_for_is_read_else_the_one_with_more_text() {
        Document empty = page("Loading...", "[]");
        empty.id = UUID.randomUUID();
        Document rendered = page("# Hyperdrive\n\nIntro.\n\n## Engage\n\nPull the lever.",
                "[{\"level\":1,\"text\":\"Hyperdrive\",\"anchor\":\"hyperdrive\"},{\"level\":2,\"text\":\"Engage\",\"anchor\":\"engage\"}]");
        rendered.id = UUID.randomUUID();
        Document longerWithoutIt = page("# Other\n\n" + "Much more text than the rendered copy has. ".repeat(10), "[]");
        longerWithoutIt.id = UUID.randomUUID();

        assertThat(FetchDocumentTool.pick(List.of(empty, longerWithoutIt, rendered), "#engage")).isSameAs(rendered);
        assertThat(FetchDocumentTool.pick(List.of(empty, rendered), null)).isSameAs(rendered);
        assertThat(FetchDocumentTool.pick(List.of(rendered, empty), "")).isSameAs(rendered);
        assertThat(FetchDocumentTool.pick(List.of(empty), "#engage")).isSameAs(empty);
    }
}
