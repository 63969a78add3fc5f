package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk: a commit that cannot write its files fails, and Lucene closes its writer for good. The index then takes
 * writes again by itself once there is room, keeping what was committed, and says why it cannot meanwhile.
 */
class FullDiskTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000dd");

    @TempDir
    Path dir;

    /** Files that cannot be created while {@code full} is set, as on a disk without room. */
    static final class FillingDirectory extends FilterDirectory {
        final AtomicBoolean full = new AtomicBoolean();

        FillingDirectory(Directory in) {
            super(in);
        }

        @Override
        public IndexOutput createOutput(String name, IOContext context) throws IOException {
            if (full.get()) {
                throw new IOException("No space left on device");
            }
            return super.createOutput(name, context);
        }

        @Override
        public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
            if (full.get()) {
                throw new IOException("No space left on device");
            }
            return super.createTempOutput(prefix, suffix, context);
        }
    }

    @Test
    void writes_work_again_once_the_disk_has_room_and_what_was_committed_stays() throws Exception {
        Path path = dir.resolve("index");
        FillingDirectory files = new FillingDirectory(FSDirectory.open(path));
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, files, 1 << 20, VectorQuantization.INT8_ONLY)) {
            index.useModel(TestPages.MODEL);
            TestPages.write(index, SOURCE, 0, 20, TestPages.TOPIC, TestPages.TWO_WAYS);

            files.full.set(true);
            assertThatThrownBy(() -> TestPages.write(index, SOURCE, 20, 40, TestPages.TOPIC, TestPages.TWO_WAYS))
                    .hasStackTraceContaining("No space left on device");
            // Lucene closed its writer for good; the index says why it cannot take writes, until a commit works
            assertThat(index.writerOpen()).isFalse();
            assertThat(index.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("cannot be written")
                    .contains("No space left on device"));
            assertThatThrownBy(() -> TestPages.write(index, SOURCE, 20, 40, TestPages.TOPIC, TestPages.TWO_WAYS))
                    .hasStackTraceContaining("No space left on device");
            assertThat(index.writeProblem()).isPresent();
            // searches go on meanwhile, on what was committed
            assertThat(index.keyword(QueryParser.parse("partitioning"), SearchFilter.NONE, 100)).hasSize(2);

            files.full.set(false);
            TestPages.write(index, SOURCE, 20, 40, TestPages.TOPIC, TestPages.TWO_WAYS);
            assertThat(index.writeProblem()).isEmpty();

            // writes that went to a writer which then closed are not committed by a writer opened after them
            index.upsert(List.of(TestPages.page(SOURCE, 40, List.of(), "Lost write", TestPages.TWO_WAYS.apply(40))));
            files.full.set(true);
            Thread other = new Thread(() -> {
                try {
                    TestPages.write(index, SOURCE, 41, 42, TestPages.TOPIC, TestPages.TWO_WAYS); // closes the writer
                } catch (RuntimeException expected) {
                    // the full disk
                }
            });
            other.start();
            other.join();
            files.full.set(false);
            Thread reopening = new Thread(() -> TestPages.write(index, SOURCE, 42, 43, TestPages.TOPIC, TestPages.TWO_WAYS));
            reopening.start();
            reopening.join();
            assertThatThrownBy(index::commit).hasMessageContaining("could not keep the writes since its last commit");
            assertThat(index.keyword(QueryParser.parse("\"Lost write\""), SearchFilter.NONE, 10)).isEmpty();
            index.commit(); // said once: the next commit is this thread's own again
            assertThat(index.chunkCount()).as("pages 0-39 and 42: 40 lost, 41 refused").isEqualTo(41);
            assertThat(index.keyword(QueryParser.parse("partitioning"), SearchFilter.NONE, 100)).hasSize(4);
        }
        // and the index opens as it was left
        try (LuceneSearchIndex again = TestPages.open(path, 1 << 20)) {
            assertThat(again.chunkCount()).isEqualTo(41);
        }
    }
}
