package io.knowledgehub.api.standalone;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A search index whose files are damaged does not stop the app: it is moved aside and a new one opened (the database
 * says what to index again); an index another process holds is no damage, and stays where it is.
 */
class DamagedIndexTest {

    @TempDir
    Path data;

    private Path indexWithChunks() {
        Path path = data.resolve("index");
        try (LuceneSearchIndex index = new LuceneSearchIndex(path, 0, VectorQuantization.INT8_ONLY)) {
            index.useModel(new IndexModel("test-model", 4));
            UUID source = UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                UUID doc = UUID.randomUUID();
                index.upsert(List.of(new IndexedChunk(doc + ":0", doc, source, 0, "page " + i, List.of(), "text " + i,
                        "http://127.0.0.1/p" + i + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                        new float[] {0.5f, 0.5f, 0.5f, 0.5f})));
                index.commit();
            }
        }
        return path;
    }

    @Test
    void a_damaged_index_is_moved_aside_and_a_new_one_opened() throws IOException {
        Path path = indexWithChunks();
        try (Stream<Path> files = Files.list(path)) {
            // a segment's file gone, as after a disk failure or a cleanup by hand
            Path segmentFile = files.filter(f -> f.getFileName().toString().endsWith(".si")).findFirst().orElseThrow();
            Files.delete(segmentFile);
        }
        try (LuceneSearchIndex reopened = StandaloneBeans.open(path, 0, VectorQuantization.INT8_ONLY)) {
            assertThat(reopened.chunkCount()).isZero();
        }
        try (Stream<Path> dirs = Files.list(data)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("index.damaged-"));
        }
    }

    @Test
    void an_index_another_process_holds_is_not_damage_and_stays_where_it_is() {
        Path path = indexWithChunks();
        try (LuceneSearchIndex holder = new LuceneSearchIndex(path, 0, VectorQuantization.INT8_ONLY)) {
            assertThatThrownBy(() -> StandaloneBeans.open(path, 0, VectorQuantization.INT8_ONLY))
                    .hasRootCauseInstanceOf(LockObtainFailedException.class);
            assertThat(holder.chunkCount()).isEqualTo(3);
        }
        assertThat(data.resolve("index")).isDirectory();
        assertThat(data.toFile().list()).containsExactly("index");
    }
}
