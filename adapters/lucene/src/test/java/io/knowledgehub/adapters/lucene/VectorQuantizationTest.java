package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Scalar quantization of the standalone index's vectors: the quantized format is what gets written when it is set,
 * semantic search still ranks by exact cosine, and an index written with the other format keeps working both ways.
 */
class VectorQuantizationTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final int DIMENSIONS = 64;
    private static final int PAGES = 400;

    @TempDir
    Path dir;

    @Test
    void int8_writes_the_quantized_format_and_search_finds_the_nearest_pages_with_exact_scores() throws IOException {
        List<float[]> vectors = vectors(PAGES, 1);
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = open(path, VectorQuantization.INT8)) {
            add(index, vectors, 0, PAGES);
            index.commit();

            assertThat(formats(path)).containsOnly(VectorQuantization.QUANTIZED_FORMAT);

            assertNearestPagesFound(index, vectors);
        }
    }

    /** As search uses it: more candidates than results shown, so rescoring can correct the quantized order. */
    @Test
    void int8_ranks_like_full_precision() {
        List<float[]> vectors = vectors(PAGES, 2);
        try (LuceneSearchIndex plain = open(dir.resolve("plain"), VectorQuantization.NONE);
             LuceneSearchIndex quantized = open(dir.resolve("int8"), VectorQuantization.INT8)) {
            add(plain, vectors, 0, PAGES);
            add(quantized, vectors, 0, PAGES);
            Random random = new Random(7);
            for (int q = 0; q < 20; q++) {
                float[] query = normalized(randomVector(random));
                List<ChunkHit> expected = plain.semantic(query, null, SearchFilter.NONE, 40).subList(0, 10);
                List<ChunkHit> hits = quantized.semantic(query, null, SearchFilter.NONE, 40).subList(0, 10);
                assertThat(hits).extracting(h -> h.chunk().id()).isEqualTo(expected.stream().map(h -> h.chunk().id()).toList());
                for (int i = 0; i < hits.size(); i++) {
                    assertThat(hits.get(i).rawScore()).isCloseTo(expected.get(i).rawScore(), within(1e-6f));
                }
            }
        }
    }

    @Test
    void an_index_written_without_quantization_opens_with_int8_and_both_formats_answer_together() throws IOException {
        List<float[]> vectors = vectors(PAGES, 3);
        Path path = dir.resolve("index");
        try (LuceneSearchIndex old = open(path, VectorQuantization.NONE)) {
            add(old, vectors, 0, PAGES / 2);
        }
        assertThat(formats(path)).containsOnly("Lucene99HnswVectorsFormat");

        try (LuceneSearchIndex index = open(path, VectorQuantization.INT8)) {
            assertThat(index.chunkCount()).isEqualTo(PAGES / 2);
            assertThat(index.model()).contains(new IndexModel("test-model", DIMENSIONS));
            add(index, vectors, PAGES / 2, PAGES); // a new segment, quantized
            index.commit();
            assertThat(formats(path)).containsExactlyInAnyOrder("Lucene99HnswVectorsFormat", VectorQuantization.QUANTIZED_FORMAT);
            assertNearestPagesFound(index, vectors);
            assertThat(index.keyword(QueryParser.parse("page7"), SearchFilter.NONE, 5)).extracting(h -> h.chunk().title())
                    .containsExactly("page7");
        }

        // and back: the quantized segments open without the setting and are still rescored to exact cosines
        try (LuceneSearchIndex index = open(path, VectorQuantization.NONE)) {
            assertThat(index.chunkCount()).isEqualTo(PAGES);
            assertNearestPagesFound(index, vectors);
        }
        try (LuceneIndexReader reader = new LuceneIndexReader(path, java.time.Duration.ZERO)) {
            float[] query = vectors.get(PAGES - 1);
            ChunkHit top = reader.semantic(query, null, SearchFilter.NONE, 5).getFirst();
            assertThat(top.chunk().title()).isEqualTo("page" + (PAGES - 1));
            assertThat((double) top.rawScore()).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void rebuilding_into_the_other_format_replaces_every_segment() throws IOException {
        List<float[]> vectors = vectors(PAGES, 4);
        Path path = dir.resolve("index");
        try (LuceneSearchIndex old = open(path, VectorQuantization.NONE)) {
            add(old, vectors, 0, PAGES);
        }
        try (LuceneSearchIndex index = open(path, VectorQuantization.INT8)) {
            index.clear(); // what POST /api/v1/index/rebuild does first
            index.useModel(new IndexModel("test-model", DIMENSIONS));
            add(index, vectors, 0, PAGES);
            index.commit();
        }
        assertThat(formats(path)).containsOnly(VectorQuantization.QUANTIZED_FORMAT);
    }

    @Test
    void the_setting_names_its_values() {
        assertThat(VectorQuantization.parse(" Int8 ")).isEqualTo(VectorQuantization.INT8);
        assertThat(VectorQuantization.parse("none")).isEqualTo(VectorQuantization.NONE);
        assertThat(VectorQuantization.parse("int8-only")).isEqualTo(VectorQuantization.INT8_ONLY);
        assertThat(VectorQuantization.INT8_ONLY.setting()).isEqualTo("int8-only");
        assertThatThrownBy(() -> VectorQuantization.parse("fp16")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[none, int8, int4, int8-only]");
    }

    @Test
    void int8_only_keeps_no_float_vectors_and_ranks_like_full_precision_with_cosines_within_a_hundredth()
            throws IOException {
        List<float[]> vectors = vectors(PAGES, 5);
        Path path = dir.resolve("bytes");
        try (LuceneSearchIndex plain = open(dir.resolve("plain"), VectorQuantization.NONE);
             LuceneSearchIndex bytes = open(path, VectorQuantization.INT8_ONLY)) {
            add(plain, vectors, 0, PAGES);
            add(bytes, vectors, 0, PAGES);
            assertThat(bytes.holdsByteVectors()).isTrue();
            Random random = new Random(9);
            int sameTop = 0;
            for (int q = 0; q < 20; q++) {
                float[] query = normalized(randomVector(random));
                List<ChunkHit> expected = plain.semantic(query, null, SearchFilter.NONE, 40).subList(0, 10);
                List<ChunkHit> hits = bytes.semantic(query, null, SearchFilter.NONE, 40).subList(0, 10);
                // near-ties may swap (random vectors have many; "test-model" gets the wider default scale); the sets of
                // the best ten stay nearly the same
                assertThat(hits.stream().map(h -> h.chunk().id()).filter(id -> expected.stream().anyMatch(e -> e.chunk().id().equals(id))))
                        .hasSizeGreaterThanOrEqualTo(8);
                sameTop += hits.getFirst().chunk().id().equals(expected.getFirst().chunk().id()) ? 1 : 0;
                for (ChunkHit h : hits) {
                    int page = Integer.parseInt(h.chunk().title().substring("page".length()));
                    assertThat((double) h.rawScore()).isCloseTo(dot(query, vectors.get(page)), within(0.01));
                }
                for (int i = 1; i < hits.size(); i++) {
                    assertThat(hits.get(i).rawScore()).isLessThanOrEqualTo(hits.get(i - 1).rawScore());
                }
            }
            assertThat(sameTop).isGreaterThanOrEqualTo(18);
            // keyword hits carry the same cosine the vector search gives
            float[] query = vectors.get(7);
            ChunkHit semantic = bytes.semantic(query, null, SearchFilter.NONE, 1).getFirst();
            ChunkHit keyword = bytes.keyword(QueryParser.parse("page7"), SearchFilter.NONE, 1, query).getFirst();
            assertThat(semantic.chunk().title()).isEqualTo("page7");
            assertThat(keyword.cosine()).isCloseTo(semantic.rawScore(), within(1e-5f));
            assertThat(semantic.rawScore()).isBetween(0.99f, 1.0f);
        }
        assertThat(vectorFields(path)).containsOnly(LuceneSearchIndex.VECTOR_BYTES);
        try (LuceneIndexReader reader = new LuceneIndexReader(path, java.time.Duration.ZERO)) {
            ChunkHit top = reader.semantic(vectors.get(PAGES - 1), null, SearchFilter.NONE, 5).getFirst();
            assertThat(top.chunk().title()).isEqualTo("page" + (PAGES - 1));
            assertThat(top.rawScore()).isBetween(0.99f, 1.0f);
        }
    }

    @Test
    void int8_only_gives_back_unit_vectors_near_the_originals() {
        List<float[]> vectors = vectors(50, 6);
        try (LuceneSearchIndex bytes = open(dir.resolve("bytes"), VectorQuantization.INT8_ONLY)) {
            add(bytes, vectors, 0, 50);
            List<IndexedChunk> copied = new ArrayList<>();
            bytes.forEachChunk(copied::add);
            assertThat(copied).hasSize(50);
            for (IndexedChunk c : copied) {
                float[] original = vectors.get(Integer.parseInt(c.title().substring("page".length())));
                assertThat(dot(c.vector(), c.vector())).isCloseTo(1.0, within(1e-5));
                assertThat(dot(c.vector(), original)).isGreaterThan(0.999);
            }
        }
    }

    @Test
    void an_index_keeps_the_vectors_it_holds_until_it_is_emptied() throws IOException {
        List<float[]> vectors = vectors(PAGES, 8);
        Path path = dir.resolve("index");
        try (LuceneSearchIndex old = open(path, VectorQuantization.INT8)) {
            add(old, vectors, 0, PAGES / 2);
        }
        try (LuceneSearchIndex index = open(path, VectorQuantization.INT8_ONLY)) {
            assertThat(index.holdsByteVectors()).isFalse();
            add(index, vectors, PAGES / 2, PAGES);
            assertNearestPagesFound(index, vectors);
            assertThat(vectorFields(path)).containsOnly(LuceneSearchIndex.VECTOR);

            index.clear(); // what POST /api/v1/index/rebuild does first
            assertThat(index.holdsByteVectors()).isTrue();
            index.useModel(new IndexModel("test-model", DIMENSIONS));
            add(index, vectors, 0, PAGES);
            assertThat(index.semantic(vectors.get(3), null, SearchFilter.NONE, 1).getFirst().chunk().title()).isEqualTo("page3");
        }
        assertThat(vectorFields(path)).containsOnly(LuceneSearchIndex.VECTOR_BYTES);
        // and back: a byte index opened with float settings stays bytes until emptied
        try (LuceneSearchIndex index = open(path, VectorQuantization.NONE)) {
            assertThat(index.holdsByteVectors()).isTrue();
            assertThat(index.semantic(vectors.get(5), null, SearchFilter.NONE, 1).getFirst().chunk().title()).isEqualTo("page5");
            index.clear();
            assertThat(index.holdsByteVectors()).isFalse();
        }
    }

    @Test
    void quantized_components_stay_within_half_a_step_and_clamp_outliers() {
        float[] v = normalized(randomVector(new Random(3)));
        float scale = ByteVectors.scale("all-MiniLM-L6-v2", v.length);
        byte[] b = ByteVectors.quantize(v, scale);
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) * scale <= 127) {
                assertThat((double) b[i] / scale).isCloseTo(v[i], within(0.5 / scale + 1e-6));
            }
        }
        float[] spike = new float[DIMENSIONS];
        spike[0] = 1;
        assertThat(ByteVectors.quantize(spike, scale)[0]).isEqualTo((byte) 127);
        assertThat(ByteVectors.cosine(spike, ByteVectors.quantize(spike, scale), new float[DIMENSIONS])).isEqualTo(1.0f);
        // other models get a wider range: bge-small's outlier dimensions reach 0.54 at 384 dimensions
        assertThat(127 / ByteVectors.scale("bge-small-en-v1.5", 384)).isGreaterThan(0.6f);
        assertThat(127 / ByteVectors.scale("all-MiniLM-L6-v2", 384)).isBetween(0.3f, 0.33f);
        assertThat(ByteVectors.cosine(spike, new byte[DIMENSIONS], new float[DIMENSIONS])).isZero();
    }

    @Test
    void the_cosine_with_an_8_bit_vector_is_that_of_the_direction_it_points_to() {
        Random random = new Random(12);
        float[] buffer = new float[DIMENSIONS];
        for (int n = 0; n < 200; n++) {
            float[] query = normalized(randomVector(random));
            byte[] b = ByteVectors.quantize(normalized(randomVector(random)), ByteVectors.scale(null, DIMENSIONS));
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < DIMENSIONS; i++) {
                dot += query[i] * b[i];
                norm += b[i] * b[i];
            }
            assertThat((double) ByteVectors.cosine(query, b, buffer)).isCloseTo(dot / Math.sqrt(norm), within(1e-5));
            assertThat((double) ByteVectors.cosine(query, b, new float[DIMENSIONS])).isCloseTo(dot(query, ByteVectors.dequantize(b)), within(1e-5));
        }
    }

    /** The vector fields the segments of the index at {@code path} hold. */
    private static List<String> vectorFields(Path path) throws IOException {
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            List<String> out = new ArrayList<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                for (var info : leaf.reader().getFieldInfos()) {
                    if (info.hasVectorValues()) {
                        out.add(info.name);
                    }
                }
            }
            return out;
        }
    }

    /** Every page's own vector, slightly moved, finds that page first, with its exact cosine as the score. */
    private static void assertNearestPagesFound(LuceneSearchIndex index, List<float[]> vectors) {
        Random random = new Random(11);
        for (int page = 0; page < vectors.size(); page += 7) {
            float[] query = vectors.get(page).clone();
            for (int i = 0; i < query.length; i++) {
                query[i] += (float) (random.nextGaussian() * 0.02);
            }
            query = normalized(query);
            List<ChunkHit> hits = index.semantic(query, null, SearchFilter.NONE, 5);
            assertThat(hits.getFirst().chunk().title()).isEqualTo("page" + page);
            assertThat((double) hits.getFirst().rawScore()).isCloseTo(dot(query, vectors.get(page)), within(1e-5));
        }
    }

    private static LuceneSearchIndex open(Path path, VectorQuantization quantization) {
        LuceneSearchIndex index = new LuceneSearchIndex(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES, quantization);
        if (index.model().isEmpty()) {
            index.useModel(new IndexModel("test-model", DIMENSIONS));
        }
        return index;
    }

    private static void add(LuceneSearchIndex index, List<float[]> vectors, int from, int to) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            UUID doc = UUID.nameUUIDFromBytes(("page" + i).getBytes());
            chunks.add(new IndexedChunk(doc + ":0", doc, SOURCE, 0, "page" + i, List.of(), "text of page" + i,
                    "http://127.0.0.1/page" + i + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                    vectors.get(i)));
        }
        index.upsert(chunks);
        index.commit();
    }

    /** The vector format of each segment's vector field, as recorded in the segment. */
    private static List<String> formats(Path path) throws IOException {
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            List<String> out = new ArrayList<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                out.add(leaf.reader().getFieldInfos().fieldInfo(LuceneSearchIndex.VECTOR)
                        .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
            }
            return out;
        }
    }

    private static List<float[]> vectors(int n, long seed) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(normalized(randomVector(random)));
        }
        return out;
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] normalized(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
