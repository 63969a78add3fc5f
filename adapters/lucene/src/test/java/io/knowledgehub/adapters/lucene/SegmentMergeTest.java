package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging the index into one segment: only when what lies outside the largest segment (other segments, deleted
 * entries) reaches the share asked for; searches find the same chunks after it; it lasts once committed.
 */
class SegmentMergeTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    @TempDir
    Path dir;

    @Test
    void segments_written_apart_are_merged_into_one_and_searches_find_the_same() {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = open(path)) {
            for (int batch = 0; batch < 4; batch++) {
                add(index, batch * 25, batch * 25 + 25); // a commit each: a segment each
            }
            assertThat(index.segments()).hasValue(4);
            List<String> keyword = ids(index.keyword(QueryParser.parse("partitioning vacuum"), SearchFilter.NONE, 100));
            List<String> semantic = ids(index.semantic(vector(3), null, SearchFilter.NONE, 10));
            assertThat(keyword).hasSize(100);

            assertThat(index.mergeSegments(0.1)).isTrue();
            assertThat(index.segments()).as("searches see the merge once it is committed").hasValue(4);
            assertThat(committedSegments(path)).isEqualTo(4);
            index.commit();
            assertThat(index.segments()).hasValue(1);
            assertThat(committedSegments(path)).isEqualTo(1);
            assertThat(index.chunkCount()).isEqualTo(100);
            assertThat(ids(index.keyword(QueryParser.parse("partitioning vacuum"), SearchFilter.NONE, 100)))
                    .containsExactlyInAnyOrderElementsOf(keyword);
            assertThat(ids(index.semantic(vector(3), null, SearchFilter.NONE, 10))).containsExactlyInAnyOrderElementsOf(semantic);
            // nothing left to merge
            assertThat(index.mergeSegments(0.1)).isFalse();
        }
        try (LuceneSearchIndex index = open(path)) {
            assertThat(index.segments()).as("committed, the merge lasts").hasValue(1);
            assertThat(index.chunkCount()).isEqualTo(100);
        }
    }

    @Test
    void a_small_change_waits_until_what_lies_outside_the_largest_segment_reaches_the_share() {
        try (LuceneSearchIndex index = open(dir.resolve("index"))) {
            add(index, 0, 100);
            assertThat(index.segments()).hasValue(1);
            assertThat(index.mergeSegments(0)).as("one segment without deleted entries: nothing to merge").isFalse();

            add(index, 100, 105); // 5 of 105 outside the largest segment
            assertThat(index.segments()).hasValue(2);
            assertThat(index.mergeSegments(0.1)).isFalse();
            assertThat(index.segments()).hasValue(2);

            // pages replaced: their old entries are deleted but still held in the largest segment
            add(index, 0, 10);
            assertThat(index.chunkCount()).isEqualTo(105);
            assertThat(index.mergeSegments(0.1)).as("15 new entries and 10 deleted of 115").isTrue();
            index.commit();
            assertThat(index.segments()).hasValue(1);
            assertThat(index.chunkCount()).isEqualTo(105);
            assertThat(ids(index.keyword(QueryParser.parse("partitioning vacuum"), SearchFilter.NONE, 200))).hasSize(105)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void an_empty_index_has_nothing_to_merge() {
        try (LuceneSearchIndex index = open(dir.resolve("index"))) {
            assertThat(index.mergeSegments(0)).isFalse();
            assertThat(index.segments()).hasValue(0);
        }
    }

    /** Segments of the last commit on disk, as a process opening the index would find them. */
    private static int committedSegments(Path path) {
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.leaves().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LuceneSearchIndex open(Path path) {
        LuceneSearchIndex index = new LuceneSearchIndex(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES,
                VectorQuantization.INT8_ONLY);
        if (index.model().isEmpty()) {
            index.useModel(new IndexModel("test-model", 4));
        }
        return index;
    }

    /** Pages whose number ends in 3 are about partitioning, the others about vacuum; one chunk each. */
    private static void add(LuceneSearchIndex index, int from, int to) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            UUID doc = UUID.nameUUIDFromBytes(("page" + i).getBytes());
            String text = i % 10 == 3 ? "Table partitioning splits one large table" : "Vacuum reclaims storage";
            chunks.add(new IndexedChunk(doc + ":0", doc, SOURCE, 0, "page" + i, List.of(), text,
                    "http://127.0.0.1/page" + i + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"), vector(i)));
        }
        index.upsert(chunks);
        index.commit();
    }

    private static float[] vector(int i) {
        double a = i * 0.37;
        return new float[] {(float) Math.cos(a), (float) Math.sin(a), 0.3f, (float) Math.cos(2 * a)};
    }

    private static List<String> ids(List<ChunkHit> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }
}
