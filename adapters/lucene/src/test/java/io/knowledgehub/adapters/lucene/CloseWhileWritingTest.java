package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.IndexedChunk;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing the index: while other threads write to it (a process stopping while an indexing job or the outbox still
 * writes), every write that returned is committed and there after a reopen, and a write begun after the close is
 * refused with an error that says so; after pages were replaced by no chunks, it closes without Lucene finding its
 * indexing buffer's count wrong; a second close does nothing.
 */
class CloseWhileWritingTest {

    private static final int WRITERS = 3;
    private static final int BATCH = 20;
    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000cc");

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void a_close_during_writes_keeps_every_write_that_returned() throws Exception {
        Path path = dir.resolve("index");
        Set<String> written = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(20);
        LuceneSearchIndex index = TestPages.open(path, 1 << 20);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int first = t * 1_000_000;
            writers.add(new Thread(() -> {
                try {
                    for (int i = first; ; i += BATCH) {
                        List<IndexedChunk> batch = new ArrayList<>();
                        for (int j = i; j < i + BATCH; j++) {
                            batch.add(TestPages.page(SOURCE, j, List.of(), TestPages.TOPIC.apply(j), TestPages.TWO_WAYS.apply(j)));
                        }
                        index.upsert(batch);
                        batch.forEach(c -> written.add(c.id()));
                        writing.countDown();
                    }
                } catch (Throwable e) {
                    refused.compareAndSet(null, e);
                }
            }));
        }
        writers.forEach(Thread::start);
        writing.await();
        index.close();
        for (Thread w : writers) {
            w.join(10_000);
            assertThat(w.isAlive()).isFalse();
        }

        assertThat(refused.get()).as("the write after the close").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (LuceneSearchIndex reopened = TestPages.open(path, 1 << 20)) {
            assertThat(reopened.chunkIdsByDocument().orElseThrow().values().stream().flatMap(Set::stream))
                    .as("every write that returned before the close")
                    .containsAll(written);
        }
    }

    @Test
    void a_page_replaced_by_no_chunks_closes_cleanly() {
        Path path = dir.resolve("empty-page");
        LuceneSearchIndex index = TestPages.open(path, 1 << 20);
        TestPages.write(index, SOURCE, 0, 3, TestPages.TOPIC, TestPages.TWO_WAYS);
        UUID page1 = UUID.nameUUIDFromBytes("page1".getBytes());
        for (int i = 0; i < 3; i++) {
            index.replaceDocuments(Map.of(page1, List.of())); // a page that now has no text
            index.replaceDocuments(Map.of(UUID.randomUUID(), List.of())); // one never indexed
            index.commit();
            // an update with no documents counted 32 KiB in Lucene's indexing buffer for good, each commit: after
            // a buffer's worth, every document was flushed into a segment of its own
            assertThat(index.indexingBufferBytes()).as("after commit " + i).isZero();
        }
        index.close(); // Lucene checks that count again as it closes (with assertions on, as in tests)
        try (LuceneSearchIndex reopened = TestPages.open(path, 1 << 20)) {
            assertThat(reopened.chunkCount()).isEqualTo(2);
        }
    }

    @Test
    void writes_and_commits_after_the_close_are_refused() {
        LuceneSearchIndex index = TestPages.open(dir.resolve("closed"), 1 << 20);
        index.close();
        IndexedChunk c = TestPages.page(SOURCE, 1, List.of(), "text", TestPages.TWO_WAYS.apply(1));
        assertThatThrownBy(() -> index.upsert(List.of(c))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(index::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        index.close(); // a second close does nothing
    }
}
