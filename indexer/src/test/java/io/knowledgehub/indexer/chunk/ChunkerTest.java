package io.knowledgehub.indexer.chunk;

import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.ChunkSection;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunking measured with the real all-MiniLM-L6-v2 tokenizer (window 256 word pieces). */
class ChunkerTest {

    private static final int MAX = 256;
    private static final String TITLE = "Indexes — Database Guide";
    private static final List<Heading> INDEXES_HEADINGS = List.of(
            new Heading(1, "Indexes", "indexes"),
            new Heading(2, "Introduction", "indexes-intro"),
            new Heading(2, "Index Types", "indexes-types"),
            new Heading(3, "B-Tree", "btree"),
            new Heading(3, "Hash", null),
            new Heading(3, "GiST", "gist"),
            new Heading(2, "Multicolumn Indexes", "indexes-multicolumn"),
            new Heading(2, "Examples", null));

    private static TokenCounter tokens;
    private static Chunker chunker;

    @BeforeAll
    static void loadTokenizer() {
        tokens = ModelCatalog.tokenCounter("all-MiniLM-L6-v2");
        chunker = new Chunker(tokens, ChunkerSettings.forMaxTokens(MAX));
    }

    @Test
    void default_settings_follow_the_model_window() {
        assertThat(ChunkerSettings.forMaxTokens(256))
                .isEqualTo(new ChunkerSettings(256, 128, 48, 64, true));
    }

    @Test
    void heading_paths_and_anchors_follow_the_headings() {
        String text = """
                %s

                # Guide

                %s

                ## Setup

                %s

                ### Linux

                %s

                ## Usage

                %s
                """.formatted(prose("Intro"), prose("Guide"), prose("Setup"), prose("Linux"), prose("Usage"));
        List<Heading> headings = List.of(new Heading(1, "Guide", "guide"), new Heading(2, "Setup", "setup"),
                new Heading(3, "Linux", null), new Heading(2, "Usage", "usage"));

        List<Chunk> chunks = new Chunker(tokens, ChunkerSettings.forMaxTokens(MAX).withMinTokens(0))
                .chunk("Guide", text, headings);

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of(), List.of("Guide"), List.of("Guide", "Setup"), List.of("Guide", "Setup", "Linux"),
                List.of("Guide", "Usage"));
        // Linux has no anchor of its own: the link goes to the enclosing Setup section
        assertThat(chunks).extracting(Chunk::anchor).containsExactly(null, "guide", "setup", "setup", "usage");
        assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(chunks.get(2).content()).isEqualTo(prose("Setup"));
    }

    @Test
    void a_heading_alone_is_never_a_chunk() {
        String text = "## Reference\n\n### Functions\n\n" + prose("Functions") + "\n\n## Appendix\n";

        List<Chunk> chunks = chunker.chunk(null, text, List.of());

        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().headingPath()).containsExactly("Reference", "Functions");
        assertThat(chunks.getFirst().content()).isEqualTo(prose("Functions"));
    }

    @Test
    void a_hash_line_that_is_not_in_the_heading_list_stays_a_paragraph() {
        String text = "## Shell\n\n# comment lines start with a hash\n\n" + prose("Shell");

        List<Chunk> chunks = chunker.chunk(null, text, List.of(new Heading(2, "Shell", "shell")));

        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().headingPath()).containsExactly("Shell");
        assertThat(chunks.getFirst().content()).startsWith("# comment lines start with a hash\n\n");
    }

    @Test
    void small_sections_merge_under_their_shared_parent() {
        List<Chunk> chunks = chunker.chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS);

        Chunk types = chunks.stream().filter(c -> c.content().contains("Several index types")).findFirst()
                .orElseThrow();
        assertThat(types.headingPath()).containsExactly("Indexes", "Index Types");
        assertThat(types.anchor()).isEqualTo("indexes-types");
        assertThat(types.content()).contains("### B-Tree\n\nB-trees handle", "### Hash\n\nHash indexes",
                "### GiST\n\nGiST is a framework");
        assertThat(types.tokenCount()).isLessThanOrEqualTo(200);
        // the joined sections, in order; those with an anchor can be linked to (Hash has none)
        assertThat(types.sections()).containsExactly(new ChunkSection("B-Tree", "btree"), new ChunkSection("Hash", null),
                new ChunkSection("GiST", "gist"));
        assertThat(chunks).filteredOn(c -> !("\n" + c.content()).contains("\n#"))
                .allSatisfy(c -> assertThat(c.sections()).isEmpty());
    }

    @Test
    void a_short_chapter_intro_opens_the_chunk_of_its_first_subsection() {
        List<Chunk> chunks = chunker.chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS);

        assertThat(chunks.getFirst().headingPath()).containsExactly("Indexes");
        assertThat(chunks.getFirst().anchor()).isEqualTo("indexes");
        assertThat(chunks.getFirst().content()).startsWith("Indexes are a common way")
                .contains("\n\n## Introduction\n\nSuppose a table");
    }

    @Test
    void repeated_headings_each_keep_their_line_in_a_merged_chunk() {
        String text = "## Functions\n\n### Example\n\nAdd two numbers.\n\n### Example\n\nSubtract them.";

        Chunk chunk = chunker.chunk(null, text, List.of()).getFirst();

        assertThat(chunk.headingPath()).containsExactly("Functions");
        assertThat(chunk.content())
                .isEqualTo("### Example\n\nAdd two numbers.\n\n### Example\n\nSubtract them.");
    }

    @Test
    void sections_under_different_parents_stay_apart() {
        String text = "## Install\n\n### Linux\n\nUse the package manager.\n\n## Upgrade\n\n### Linux\n\n"
                + "Stop the server first.";

        List<Chunk> chunks = chunker.chunk(null, text, List.of());

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of("Install", "Linux"), List.of("Upgrade", "Linux"));
    }

    @Test
    void long_sections_are_split_under_the_limit_with_overlapping_sentences() {
        // a target of 200 leaves room for the overlap next to the fixture's longest paragraph
        List<Chunk> chunks = new Chunker(tokens, ChunkerSettings.forMaxTokens(MAX).withTargetTokens(200))
                .chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS);

        List<Chunk> multicolumn = chunks.stream()
                .filter(c -> c.headingPath().equals(List.of("Indexes", "Multicolumn Indexes"))).toList();
        assertThat(multicolumn).hasSizeGreaterThanOrEqualTo(2);
        assertThat(multicolumn).allSatisfy(c -> {
            assertThat(c.tokenCount()).isLessThanOrEqualTo(MAX).isEqualTo(tokens.count(c.content()));
            assertThat(c.anchor()).isEqualTo("indexes-multicolumn");
        });
        for (int i = 1; i < multicolumn.size(); i++) {
            List<String> previous = TextSplitter.sentences(multicolumn.get(i - 1).content());
            assertThat(multicolumn.get(i).content()).startsWith(previous.getLast());
        }
    }

    @Test
    void code_blocks_are_kept_whole() {
        String text = fixture("indexes.txt");
        String code = text.substring(text.indexOf("```sql"), text.lastIndexOf("```") + 3);

        List<Chunk> chunks = chunker.chunk(TITLE, text, INDEXES_HEADINGS);

        assertThat(chunks).filteredOn(c -> c.content().contains("CREATE INDEX")).singleElement()
                .satisfies(c -> assertThat(c.content()).contains(code));
    }

    @Test
    void code_longer_than_the_window_is_cut_between_lines_into_fenced_pieces() {
        String code = IntStream.range(0, 120).mapToObj(i -> "    result_" + i + " = compute(value_" + i + ", 42)")
                .collect(Collectors.joining("\n", "```python\n", "\n```"));

        List<Chunk> chunks = chunker.chunk(null, "## Code\n\n" + code, List.of());

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
            assertThat(c.tokenCount()).isLessThanOrEqualTo(MAX);
            assertThat(c.content()).startsWith("```python\n").endsWith("\n```");
        });
        assertThat(chunks.stream().map(c -> c.content().lines().filter(l -> l.contains("compute")).count())
                .mapToLong(Long::longValue).sum()).isEqualTo(120);
    }

    @Test
    void tables_and_code_blocks_of_markdown_pages_are_kept_whole_when_they_fit() {
        String prose = IntStream.range(0, 12).mapToObj(i -> "Sentence number " + i + " explains how the harbor works.")
                .collect(Collectors.joining(" "));
        String table = IntStream.range(0, 14).mapToObj(i -> "option_" + i + " | " + (i * 10) + " | sets limit " + i)
                .collect(Collectors.joining("\n", "Option | Default | Meaning\n", ""));
        String code = IntStream.range(0, 14).mapToObj(i -> "    harbor.set(\"option_" + i + "\", " + i + ")")
                .collect(Collectors.joining("\n", "```python\n", "\n```"));
        String text = String.join("\n\n", "## Options", prose, table, prose, code, prose);
        assertThat(tokens.count(table)).isGreaterThan(ChunkerSettings.forMaxTokens(MAX).targetTokens() / 2);

        List<Chunk> chunks = chunker.chunk(TITLE, text, List.of());

        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).filteredOn(c -> c.content().contains("option_0 |")).singleElement()
                .satisfies(c -> assertThat(c.content()).contains(table));
        assertThat(chunks).filteredOn(c -> c.content().contains("harbor.set(\"option_0\"")).singleElement()
                .satisfies(c -> assertThat(c.content()).contains(code));
    }

    @Test
    void a_table_longer_than_the_window_is_cut_between_rows_with_its_header_repeated() {
        String table = IntStream.range(0, 150).mapToObj(i -> "option_" + i + " | " + (i * 10) + " | sets limit " + i)
                .collect(Collectors.joining("\n", "Option | Default | Meaning\n", ""));

        List<Chunk> chunks = chunker.chunk(null, "## Options\n\n" + table, List.of());

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
            assertThat(c.tokenCount()).isLessThanOrEqualTo(MAX);
            assertThat(c.content()).contains("Option | Default | Meaning\n");
            assertThat(c.content().lines().filter(l -> l.startsWith("option_")))
                    .allSatisfy(l -> assertThat(l).matches("option_\\d+ \\| \\d+ \\| sets limit \\d+"));
        });
        assertThat(chunks.stream().mapToLong(c -> c.content().lines().filter(l -> l.startsWith("option_")).count()).sum())
                .isGreaterThanOrEqualTo(150);
    }

    @Test
    void no_chunk_exceeds_the_max_even_for_unstructured_text() {
        String runOn = IntStream.range(0, 900).mapToObj(i -> "word" + (i % 37)).collect(Collectors.joining(" "));
        String blob = "x9Q".repeat(3000);
        String table = IntStream.range(0, 60).mapToObj(i -> "row " + i + " | value " + (i * 7) + " | note")
                .collect(Collectors.joining("\n"));
        String text = String.join("\n\n", "## Run-on", runOn, "## Blob", blob, "## Table", table,
                fixture("indexes.txt"));

        List<Chunk> chunks = chunker.chunk(TITLE, text, List.of());

        assertThat(chunks).isNotEmpty().allSatisfy(c -> {
            assertThat(tokens.count(c.content())).isEqualTo(c.tokenCount()).isLessThanOrEqualTo(MAX);
            assertThat(tokens.count(c.embedText())).isLessThanOrEqualTo(MAX);
            assertThat(c.content()).isNotBlank();
        });
        String all = chunks.stream().map(Chunk::content).collect(Collectors.joining(" "));
        assertThat(all).contains("word36", "row 59 | value 413 | note");
    }

    @Test
    void embed_text_leads_with_title_and_heading_path() {
        List<Chunk> chunks = chunker.chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS);
        Chunk types = chunks.stream().filter(c -> c.headingPath().equals(List.of("Indexes", "Index Types")))
                .findFirst().orElseThrow();

        assertThat(types.embedText()).isEqualTo(
                "Indexes — Database Guide › Indexes › Index Types\n\n" + types.content());
        assertThat(types.content()).startsWith("Several index types");

        Chunk plain = new Chunker(tokens, ChunkerSettings.forMaxTokens(MAX).withContextPrefix(false))
                .chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS).get(1);
        assertThat(plain.embedText()).isEqualTo(plain.content());
    }

    @Test
    void embed_text_of_an_indexed_chunk_can_be_rebuilt_from_its_title_path_and_content() {
        List<Chunk> chunks = chunker.chunk(TITLE, fixture("indexes.txt"), INDEXES_HEADINGS);

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(
                Chunker.embedText(TITLE, c.headingPath(), c.content(), tokens, MAX)).isEqualTo(c.embedText()));
        assertThat(Chunker.embedText(TITLE, List.of("Indexes", "Index Types"), "A part of the section.", tokens, MAX))
                .isEqualTo("Indexes — Database Guide › Indexes › Index Types\n\nA part of the section.");
    }

    @Test
    void repeats_the_title_only_once_when_the_first_heading_is_the_title() {
        Chunk chunk = chunker.chunk("Indexes", "# Indexes\n\n" + prose("Body"), List.of()).getFirst();

        assertThat(chunk.embedText()).startsWith("Indexes\n\n");
    }

    @Test
    void text_without_content_gives_no_chunks() {
        assertThat(chunker.chunk("Empty", "", List.of())).isEmpty();
        assertThat(chunker.chunk("Headings only", "# A\n\n## B\n", List.of())).isEmpty();
    }

    @Test
    void ids_are_stable_and_change_with_the_content() {
        UUID document = UUID.fromString("3f2b8c1e-0d4a-4f5e-9a7b-1c2d3e4f5a6b");
        String text = fixture("indexes.txt");
        List<String> first = ids(document, chunker.chunk(TITLE, text, INDEXES_HEADINGS));
        List<String> again = ids(document, chunker.chunk(TITLE, text, INDEXES_HEADINGS));
        List<String> edited = ids(document, chunker.chunk(TITLE,
                text.replace("much as a reader uses", "just as a reader uses"), INDEXES_HEADINGS));

        assertThat(again).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).startsWith(document + ":").hasSizeLessThanOrEqualTo(80);
        });
        assertThat(edited).hasSameSizeAs(first);
        List<Integer> changed = IntStream.range(0, first.size()).filter(i -> !first.get(i).equals(edited.get(i)))
                .boxed().toList();
        assertThat(changed).hasSize(1);
    }

    private static List<String> ids(UUID document, List<Chunk> chunks) {
        return chunks.stream().map(c -> ChunkIds.of(document, c.index(), c.contentHash())).toList();
    }

    /** About 70 word pieces of prose naming its topic, so no two sections are alike and none is small. */
    private static String prose(String topic) {
        return ("This part is about " + topic + ". It explains what the reader needs to know before going on, "
                + "gives the reasons behind the recommended settings, and lists the common mistakes that people "
                + "make when they configure " + topic + " for the first time. Each step is described in order, "
                + "with a short note on how to check that it worked before moving to the next step.");
    }

    private static String fixture(String name) {
        try (InputStream in = ChunkerTest.class.getResourceAsStream("/chunk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
