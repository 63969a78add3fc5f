package io.knowledgehub.core.search;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The section a result in a chunk that joins several small sections links to ({@link IndexedChunk#anchorFor}). */
class IndexedChunkAnchorTest {

    private static final IndexedChunk TUNING = chunk("memory-intro", """
            ## Intro

            The zebra tuning guide starts here.

            ## Memory

            Shared buffers and work memory.""",
            new ChunkSection("Intro", "memory-intro"), new ChunkSection("Memory", "memory"));

    private static final IndexedChunk PAGES = chunk("page=1", """
            # Page 1

            Installing the agent on every node.

            # Page 2

            The lemur setting decides how often the agent reports.

            # Page 3

            Upgrading keeps the configuration.""",
            new ChunkSection("Page 1", "page=1"), new ChunkSection("Page 2", "page=2"), new ChunkSection("Page 3", "page=3"));

    @Test
    void a_short_word_inside_a_heading_word_does_not_pick_that_section() {
        // "memory" contains "or", and "Intro" contains "in": only whole words count
        assertThat(TUNING.anchorFor(List.of("zebra", "or", "quokka"))).isEqualTo("memory-intro");
        assertThat(TUNING.anchorFor(List.of("in", "quokka"))).isEqualTo("memory-intro");
        assertThat(TUNING.anchorFor(List.of("memory"))).isEqualTo("memory");
        assertThat(TUNING.anchorFor(List.of("MEMORY"))).isEqualTo("memory");
    }

    @Test
    void function_words_pick_no_section_even_as_whole_words() {
        IndexedChunk c = chunk("setup", """
                ## Setup

                Text.

                ## Back up or restore

                More text.""", new ChunkSection("Setup", "setup"), new ChunkSection("Back up or restore", "backup"));

        assertThat(c.anchorFor(List.of("or"))).isEqualTo("setup");
        assertThat(c.anchorFor(List.of("restore"))).isEqualTo("backup");
    }

    @Test
    void a_word_in_the_second_pdf_page_links_to_that_page() {
        assertThat(PAGES.anchorFor(List.of("lemur"))).isEqualTo("page=2");
        assertThat(PAGES.anchorFor(List.of("upgrading", "configuration"))).isEqualTo("page=3");
        // most of the words win; the first page with as many on a tie
        assertThat(PAGES.anchorFor(List.of("agent", "lemur"))).isEqualTo("page=2");
        assertThat(PAGES.anchorFor(List.of("agent"))).isEqualTo("page=1");
        // nowhere: the chunk's own
        assertThat(PAGES.anchorFor(List.of("quokka"))).isEqualTo("page=1");
    }

    @Test
    void the_text_of_a_joined_section_picks_it_when_no_heading_holds_the_words() {
        assertThat(TUNING.anchorFor(List.of("shared", "buffers"))).isEqualTo("memory");
        // inflections count as the snippet marks them
        assertThat(TUNING.anchorFor(List.of("buffer"))).isEqualTo("memory");
    }

    @Test
    void a_heading_match_wins_over_more_words_in_another_sections_text() {
        IndexedChunk c = chunk("install", """
                ## Install

                Put the lemur package on each node and start the lemur service.

                ## Lemur

                What it does.""", new ChunkSection("Install", "install"), new ChunkSection("Lemur", "lemur"));

        assertThat(c.anchorFor(List.of("lemur", "package", "service"))).isEqualTo("lemur");
    }

    @Test
    void the_text_before_the_first_joined_section_is_the_chunks_own() {
        IndexedChunk c = chunk("replication", """
                Replication sends the zebra log to standbys.

                ### Standby

                A standby replays the log.""", new ChunkSection("Standby", "standby"));

        assertThat(c.anchorFor(List.of("zebra"))).isEqualTo("replication");
        assertThat(c.anchorFor(List.of("replays"))).isEqualTo("standby");
        // a hash line inside code is not a section's heading line
        IndexedChunk code = chunk(null, """
                ```sh
                # Standby
                echo quokka
                ```

                ### Standby

                Text.""", new ChunkSection("Standby", "standby"));
        assertThat(code.anchorFor(List.of("quokka"))).isNull();
    }

    @Test
    void identifier_parts_and_prefixes_match_as_the_search_splits_them() {
        IndexedChunk c = chunk("guc-wal-keep-size", """
                #### wal_keep_size (integer)

                Minimum size of past WAL files.

                #### track_commit_timestamp (boolean)

                Record commit time of transactions.""",
                new ChunkSection("wal_keep_size (integer)", "guc-wal-keep-size"),
                new ChunkSection("track_commit_timestamp (boolean)", "guc-track-commit-timestamp"));

        assertThat(c.anchorFor(List.of("track_commit_timestamp"))).isEqualTo("guc-track-commit-timestamp");
        assertThat(c.anchorFor(List.of("timestamp"))).isEqualTo("guc-track-commit-timestamp");
        assertThat(c.anchorFor(List.of("transact*"))).isEqualTo("guc-track-commit-timestamp");
        assertThat(SectionAnchors.parts("maxPoolSize")).containsExactly("max", "Pool", "Size");
        assertThat(SectionAnchors.parts("XMLParser")).containsExactly("XML", "Parser");
        assertThat(SectionAnchors.parts("_id")).containsExactly("id");
    }

    @Test
    void a_chunk_that_is_one_section_keeps_its_anchor() {
        IndexedChunk c = chunk("intro", "Zebra text.");
        assertThat(c.anchorFor(List.of("zebra"))).isEqualTo("intro");
    }

    private static IndexedChunk chunk(String anchor, String content, ChunkSection... sections) {
        UUID doc = UUID.randomUUID();
        return new IndexedChunk(doc + ":0", doc, UUID.randomUUID(), 0, "Manual", List.of(), content,
                "http://127.0.0.1/tuning.html", anchor, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                new float[]{1, 0}, List.of(sections));
    }
}
