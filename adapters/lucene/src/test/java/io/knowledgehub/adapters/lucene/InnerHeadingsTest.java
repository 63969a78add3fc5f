package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkSection;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Headings inside a chunk that joins small sections are searched as headings, and only real heading lines are. */
class InnerHeadingsTest {

    @TempDir
    Path dir;

    @Test
    void only_the_headings_of_joined_sections_are_searched_as_headings_not_hash_lines_of_the_text() {
        UUID joined = UUID.randomUUID();
        UUID hashLine = UUID.randomUUID();
        UUID source = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"))) {
            index.useModel(new IndexModel("test-model", 2));
            // a paragraph that starts with a hash is text (the chunker only joins sections it knows); indexed first,
            // it would win a tie
            index.replaceDocument(hashLine, List.of(chunk(hashLine, source, "Shell", """
                    # Prompt

                    The prompt shows the current directory.""")));
            index.replaceDocument(joined, List.of(withSections(chunk(joined, source, "Shell", """
                    #### Prompt

                    The prompt shows the current directory."""), new ChunkSection("Prompt", null))));

            var hits = index.keyword(QueryParser.parse("prompt"), SearchFilter.NONE, 10);

            assertThat(hits).extracting(h -> h.chunk().documentId()).containsExactly(joined, hashLine);
            assertThat(hits.getFirst().chunk().sections()).containsExactly(new ChunkSection("Prompt", null));
        }
    }

    @Test
    void a_term_heading_part_of_a_chunk_outranks_the_same_term_in_running_text() {
        UUID definitions = UUID.randomUUID();
        UUID mention = UUID.randomUUID();
        UUID source = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"))) {
            index.useModel(new IndexModel("test-model", 2));
            // in running text alone the short mention would win (BM25 favours short texts)
            index.replaceDocument(definitions, List.of(withSections(chunk(definitions, source, "Replication", """
                    #### wal_keep_size (integer)

                    Minimum size of past WAL files kept for standby servers.

                    #### track_commit_timestamp (boolean)

                    Record commit time of transactions."""), new ChunkSection("wal_keep_size (integer)", "guc-wal-keep-size"),
                    new ChunkSection("track_commit_timestamp (boolean)", "guc-track-commit-timestamp"))));
            index.replaceDocument(mention, List.of(chunk(mention, source, "Functions",
                    "Needs track_commit_timestamp to be on.")));

            var hits = index.keyword(QueryParser.parse("track_commit_timestamp"), SearchFilter.NONE, 10);

            assertThat(hits).extracting(h -> h.chunk().documentId()).containsExactly(definitions, mention);
            // the stored heading path is the chunk's own, not its inner headings
            assertThat(hits.getFirst().chunk().headingPath()).containsExactly("Replication");
        }
    }

    @Test
    void the_anchored_sections_of_a_chunk_are_kept_and_pick_the_link_of_a_result() {
        UUID doc = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"))) {
            index.useModel(new IndexModel("test-model", 2));
            IndexedChunk c = chunk(doc, UUID.randomUUID(), "Replication", """
                    #### wal_keep_size (integer)

                    Minimum size of past WAL files.

                    #### track_commit_timestamp (boolean)

                    Record commit time of transactions.""");
            index.replaceDocument(doc, List.of(withSections(c, new ChunkSection("wal_keep_size (integer)", "guc-wal-keep-size"),
                    new ChunkSection("track_commit_timestamp (boolean)", "guc-track-commit-timestamp"))));

            IndexedChunk found = index.keyword(QueryParser.parse("commit"), SearchFilter.NONE, 1).getFirst().chunk();

            assertThat(found.sections()).extracting(ChunkSection::anchor)
                    .containsExactly("guc-wal-keep-size", "guc-track-commit-timestamp");
            assertThat(found.anchorFor(List.of("track_commit_timestamp"))).isEqualTo("guc-track-commit-timestamp");
            assertThat(found.anchorFor(List.of("commit", "time"))).isEqualTo("guc-track-commit-timestamp");
            assertThat(found.anchorFor(List.of("replication"))).isEqualTo("guc-wal-keep-size");
            // no heading holds the word: the section whose text does (the content's heading lines survive the index)
            assertThat(found.anchorFor(List.of("transactions"))).isEqualTo("guc-track-commit-timestamp");
        }
    }

    private static IndexedChunk withSections(IndexedChunk c, ChunkSection... sections) {
        return new IndexedChunk(c.id(), c.documentId(), c.sourceId(), c.chunkIndex(), c.title(), c.headingPath(),
                c.content(), c.url(), sections[0].anchor(), c.contentType(), c.updatedAt(), c.vector(), List.of(sections));
    }

    private static IndexedChunk chunk(UUID doc, UUID source, String heading, String content) {
        return new IndexedChunk(doc + ":0", doc, source, 0, "Manual", List.of(heading), content,
                "http://127.0.0.1/" + doc + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                new float[]{1, 0});
    }
}
