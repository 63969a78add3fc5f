package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging the index into one segment: only when what lies outside the largest segment (other segments, deleted
 * entries) reaches the share asked for; searches find the same chunks after it; it lasts once committed. An index
 * whose merged vector graph would not fit the heap is merged into as few segments as fit.
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
    void an_index_whose_graph_would_not_fit_is_merged_into_as_few_segments_as_fit() {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = open(path)) {
            for (int batch = 0; batch < 5; batch++) {
                add(index, batch * 20, batch * 20 + 20);
            }
            assertThat(index.segments()).hasValue(5);
            List<String> keyword = ids(index.keyword(QueryParser.parse("partitioning vacuum"), SearchFilter.NONE, 100));
            List<String> semantic = ids(index.semantic(vector(3), null, SearchFilter.NONE, 10));

            index.mergeGraphEntries(30);
            assertThat(index.mergeSegments(0.1)).as("no two segments of 20 fit in 30").isFalse();
            assertThat(index.segments()).hasValue(5);

            index.mergeGraphEntries(60); // 100 entries: groups of 20 + 20 + 20, 20 + 20
            assertThat(index.mergeSegments(0.1)).isTrue();
            index.commit();
            assertThat(index.segments()).hasValue(2);
            assertThat(committedSizes(path)).containsExactly(40, 60);
            assertThat(index.chunkCount()).isEqualTo(100);
            assertThat(ids(index.keyword(QueryParser.parse("partitioning vacuum"), SearchFilter.NONE, 100)))
                    .containsExactlyInAnyOrderElementsOf(keyword);
            assertThat(ids(index.semantic(vector(3), null, SearchFilter.NONE, 10))).containsExactlyInAnyOrderElementsOf(semantic);
            assertThat(index.mergeSegments(0.1)).as("what is left does not fit together").isFalse();

            index.mergeGraphEntries(0); // a third of the heap: everything fits in one
            assertThat(index.mergeSegments(0.1)).isTrue();
            index.commit();
            assertThat(index.segments()).hasValue(1);
            assertThat(index.chunkCount()).isEqualTo(100);
        }
    }

    @Test
    void packing_puts_the_largest_segments_first_and_leaves_a_large_segment_alone_for_a_small_one() {
        // the segments of a million chunks as indexing left them (thousands of entries): 11 into 2 groups of at most 600
        List<Long> million = List.of(290L, 220L, 128L, 89L, 87L, 87L, 66L, 36L, 21L, 3L, 1L);
        List<List<Long>> groups = PackedForcedMerges.groups(million, x -> x, x -> x, 600, 0.1);
        assertThat(groups).containsExactly(List.of(290L, 220L, 89L, 1L), List.of(128L, 87L, 87L, 66L, 36L, 21L, 3L));
        assertThat(groups.stream().mapToLong(g -> g.stream().mapToLong(Long::longValue).sum())).allMatch(n -> n <= 600);

        // a refresh's small segment fits beside a large one, but is not worth writing the large one again
        assertThat(PackedForcedMerges.groups(List.of(500L, 480L, 5L), x -> x, x -> x, 600, 0.1)).isEmpty();
        // a segment larger than a group is left as it is; the others are still packed
        assertThat(PackedForcedMerges.groups(List.of(900L, 40L, 30L), x -> x, x -> x, 100, 0.1))
                .containsExactly(List.of(40L, 30L));
        // deleted entries count towards the share: 100 entries held, 60 of them live
        assertThat(PackedForcedMerges.groups(List.of(new long[] {100, 60}, new long[] {5, 5}), x -> x[0], x -> x[1], 100, 0.1))
                .hasSize(1);
        // a lone segment is written again for its deleted entries (a fifth here), not for nothing, nor when too large
        assertThat(PackedForcedMerges.groups(List.<long[]>of(new long[] {100, 80}), x -> x[0], x -> x[1], 100, 0.1)).hasSize(1);
        assertThat(PackedForcedMerges.groups(List.<long[]>of(new long[] {100, 100}), x -> x[0], x -> x[1], 100, 0.1)).isEmpty();
        assertThat(PackedForcedMerges.groups(List.<long[]>of(new long[] {900, 800}), x -> x[0], x -> x[1], 100, 0.1)).isEmpty();
    }

    @Test
    void the_merges_lucene_starts_itself_hold_no_more_live_entries_than_fit() {
        // forty segments of five: Lucene merges up to ten at a time (50 entries)
        assertThat(sizesAfterWritingSegments(dir.resolve("unbounded"), 1_000)).as("without the bound").anyMatch(n -> n > 30);
        List<Integer> bounded = sizesAfterWritingSegments(dir.resolve("bounded"), 30);
        assertThat(bounded).as("merged, but none above 30").hasSizeLessThan(40).allMatch(n -> n <= 30);
        assertThat(bounded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    }

    @Test
    void a_merge_above_the_bound_keeps_its_smallest_segments_that_fit_in_its_order() {
        assertThat(PackedForcedMerges.fitting(List.of(20L, 5L, 30L, 5L, 10L), x -> x, 45)).containsExactly(20L, 5L, 5L, 10L);
        assertThat(PackedForcedMerges.fitting(List.of(20L, 5L, 10L), x -> x, 100)).containsExactly(20L, 5L, 10L);
        assertThat(PackedForcedMerges.fitting(List.of(80L, 60L), x -> x, 50)).isEmpty();
        // not a large segment written again for a few entries; small ones are cheap to write again
        assertThat(PackedForcedMerges.fitting(List.of(90L, 2L, 3L, 50L), x -> x, 100)).containsExactly(2L, 3L);
        assertThat(PackedForcedMerges.fitting(List.of(2L, 3L, 200L), x -> x, 100)).containsExactly(2L, 3L);
    }

    @Test
    void merges_started_together_and_merges_running_share_the_bound() {
        // 60 of 100 entries are being merged already: 40 left for these
        List<List<Long>> kept = PackedForcedMerges.kept(List.of(List.of(10L, 10L), List.of(20L, 20L), List.of(5L, 5L)),
                x -> x, 100 - 60);
        assertThat(kept).containsExactly(List.of(10L, 10L), List.of(), List.of(5L, 5L));
        // a segment written again for its deleted entries, alone, when it fits what is left
        assertThat(PackedForcedMerges.kept(List.of(List.of(30L), List.of(30L)), x -> x, 50))
                .containsExactly(List.of(30L), List.of());
    }

    /** Writes 40 segments of 5 entries with merges bounded to {@code entries}; the segments' sizes once closed. */
    private static List<Integer> sizesAfterWritingSegments(Path path, long entries) {
        try (LuceneSearchIndex index = open(path)) {
            index.mergeGraphEntries(entries);
            for (int batch = 0; batch < 40; batch++) {
                add(index, batch * 5, batch * 5 + 5);
            }
        } // closing waits for Lucene's merges
        return committedSizes(path);
    }

    @Test
    void an_empty_index_has_nothing_to_merge() {
        try (LuceneSearchIndex index = open(dir.resolve("index"))) {
            assertThat(index.mergeSegments(0)).isFalse();
            assertThat(index.segments()).hasValue(0);
        }
    }

    /** The entries of each segment of the last commit on disk, smallest first. */
    private static List<Integer> committedSizes(Path path) {
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.leaves().stream().map(l -> l.reader().maxDoc()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return TestPages.open(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES);
    }

    /** Pages of one chunk each (see {@link TestPages#TOPIC}), each with a vector of its own. */
    private static void add(LuceneSearchIndex index, int from, int to) {
        TestPages.write(index, SOURCE, from, to, TestPages.TOPIC, SegmentMergeTest::vector);
    }

    private static float[] vector(int i) {
        double a = i * 0.37;
        return new float[] {(float) Math.cos(a), (float) Math.sin(a), 0.3f, (float) Math.cos(2 * a)};
    }

    private static List<String> ids(List<ChunkHit> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }
}
