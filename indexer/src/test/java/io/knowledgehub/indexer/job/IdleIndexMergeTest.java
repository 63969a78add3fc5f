package io.knowledgehub.indexer.job;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexer merges the index's segments once nothing has been written for the quiet time, once per quiet spell, and
 * commits the merge; while writes keep coming it waits.
 */
class IdleIndexMergeTest {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000cc");

    @TempDir
    Path dir;

    @Test
    void segments_are_merged_after_a_quiet_spell_and_not_while_writes_keep_coming() throws InterruptedException {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = open(path)) {
            IdleIndexMerge merge = new IdleIndexMerge(index, new IndexWriteLock(new BackupGate()), QUIET, true);
            for (int i = 0; i < 3; i++) {
                write(index, i);
            }
            assertThat(merge.check()).as("first look: the quiet spell starts now").isFalse();

            // a write every 100 ms: never quiet for a second
            long until = System.nanoTime() + Duration.ofMillis(2_000).toNanos();
            for (int i = 3; System.nanoTime() < until; i++) {
                write(index, i);
                assertThat(merge.check()).isFalse();
                Thread.sleep(100);
            }
            int written = index.segments().orElseThrow();
            assertThat(written).isGreaterThan(3);

            Thread.sleep(QUIET.toMillis() / 4);
            assertThat(merge.check()).as("quiet, but not for long enough").isFalse();
            Thread.sleep(QUIET.toMillis());
            assertThat(merge.check()).isTrue();
            assertThat(index.segments()).hasValue(1);
            assertThat(committedSegments(path)).as("the merge was committed").isEqualTo(1);
            Thread.sleep(QUIET.toMillis() + 100);
            assertThat(merge.check()).as("one try per quiet spell").isFalse();
        }
    }

    @Test
    void started_with_the_app_it_merges_on_its_own_and_not_when_off_or_where_the_indexer_does_not_write()
            throws InterruptedException {
        try (LuceneSearchIndex index = open(dir.resolve("index"))) {
            write(index, 0);
            write(index, 1);
            IndexWriteLock lock = new IndexWriteLock(new BackupGate());
            new IdleIndexMerge(index, lock, Duration.ZERO, true).onStart(null);
            new IdleIndexMerge(index, lock, QUIET, false).onStart(null);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("index-merge"));
            Thread.sleep(QUIET.toMillis() * 2);
            assertThat(index.segments()).hasValue(2);

            IdleIndexMerge merge = new IdleIndexMerge(index, lock, QUIET, true);
            merge.onStart(null);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (index.segments().orElseThrow() > 1 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(index.segments()).hasValue(1);
            } finally {
                merge.onStop(null);
            }
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
        LuceneSearchIndex index = new LuceneSearchIndex(path, 0, VectorQuantization.INT8_ONLY);
        if (index.model().isEmpty()) {
            index.useModel(new IndexModel("test-model", 3));
        }
        return index;
    }

    /** A page of its own, written and committed as an indexing batch does: a segment of its own. */
    private static void write(LuceneSearchIndex index, int i) {
        UUID doc = UUID.nameUUIDFromBytes(("page" + i).getBytes());
        index.upsert(List.of(new IndexedChunk(doc + ":0", doc, SOURCE, 0, "Page " + i, List.of(), "Vacuum reclaims storage " + i,
                "http://127.0.0.1/page" + i + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                new float[] {0.6f, 0.8f, (float) (i % 3) / 10})));
        index.commit();
    }
}
