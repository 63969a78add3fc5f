package io.knowledgehub.indexer.job;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.query.SearchQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexer asks the index to merge its segments once nothing has been written for the quiet time, once per quiet
 * spell, and not while writes keep coming; the checks run on their own once the app starts, unless turned off or where
 * the indexer does not write. (What a merge does to the index: {@code SegmentMergeTest}; in the app:
 * {@code IndexMergeWhenQuietTest}.)
 */
class IdleIndexMergeTest {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000cc");

    @TempDir
    Path dir;

    @Test
    void a_merge_is_tried_once_after_a_quiet_spell_and_not_while_writes_keep_coming() throws InterruptedException {
        try (LuceneSearchIndex real = open(dir.resolve("index"))) {
            Recording index = new Recording(real);
            IdleIndexMerge merge = new IdleIndexMerge(index, new IndexWriteLock(new BackupGate()), QUIET, true);
            write(real, 0);
            assertThat(merge.check()).as("first look: the quiet spell starts now").isFalse();

            // a write every 250 ms for longer than the quiet time: never quiet for it
            for (int i = 1; i < 7; i++) {
                write(real, i);
                assertThat(merge.check()).isFalse();
                Thread.sleep(250);
            }
            Thread.sleep(QUIET.toMillis() / 4);
            assertThat(merge.check()).as("quiet, but not for long enough").isFalse();
            assertThat(index.merges).isZero();

            Thread.sleep(QUIET.toMillis());
            merge.check();
            assertThat(index.merges).as("tried once the index was quiet for the quiet time").isEqualTo(1);
            Thread.sleep(QUIET.toMillis() + 100);
            merge.check();
            assertThat(index.merges).as("one try per quiet spell").isEqualTo(1);

            // a write starts a new spell
            write(real, 7);
            merge.check();
            Thread.sleep(QUIET.toMillis() + 100);
            merge.check();
            assertThat(index.merges).isEqualTo(2);
        }
    }

    @Test
    void started_with_the_app_it_checks_on_its_own_and_not_when_off_or_where_the_indexer_does_not_write()
            throws InterruptedException {
        try (LuceneSearchIndex real = open(dir.resolve("index"))) {
            write(real, 0);
            write(real, 1);
            Recording index = new Recording(real);
            IndexWriteLock lock = new IndexWriteLock(new BackupGate());
            new IdleIndexMerge(index, lock, Duration.ZERO, true).onStart(null);
            new IdleIndexMerge(index, lock, QUIET, false).onStart(null);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("index-merge"));
            Thread.sleep(QUIET.toMillis() * 2);
            assertThat(index.merges).isZero();

            IdleIndexMerge merge = new IdleIndexMerge(index, lock, QUIET, true);
            merge.onStart(null);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (index.merges == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(index.merges).isEqualTo(1);
            } finally {
                merge.onStop(null);
            }
        }
    }

    /** The index, counting the merges asked of it (the merging itself is the index's: {@code SegmentMergeTest}). */
    private static final class Recording implements SearchIndex {
        private final LuceneSearchIndex index;
        volatile int merges;

        Recording(LuceneSearchIndex index) {
            this.index = index;
        }

        @Override
        public boolean mergeSegments(double minShare) {
            merges++;
            return index.mergeSegments(minShare);
        }

        @Override
        public OptionalInt segments() {
            return index.segments();
        }

        @Override
        public long version() {
            return index.version();
        }

        @Override
        public void commit() {
            index.commit();
        }

        @Override
        public Optional<IndexModel> model() {
            return index.model();
        }

        @Override
        public void useModel(IndexModel model) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void upsert(List<IndexedChunk> chunks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteChunks(Collection<String> chunkIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteDocuments(Collection<UUID> documentIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteSource(UUID sourceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long chunkCount() {
            return index.chunkCount();
        }

        @Override
        public void close() {
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
