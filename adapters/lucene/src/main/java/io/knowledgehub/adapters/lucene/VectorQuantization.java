package io.knowledgehub.adapters.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the standalone index stores the vectors its HNSW graph searches. {@code NONE}: 32-bit floats only (Lucene's
 * default format). {@code INT8} / {@code INT4}: Lucene's optimized scalar quantization, 8 or 4 bits per dimension, which
 * the graph is built and searched with; the float vectors stay on disk beside them, because merges quantize again
 * from them and every semantic search rescores its candidates with them, so scores stay exact cosines. Only the
 * quantized vectors and the graph need to stay in memory (page cache) for fast searches.
 *
 * {@code INT8_ONLY}: 8 bits per dimension and no float vectors at all ({@link ByteVectors}): the graph is built and
 * searched with the 8-bit vectors and scores are the cosines of the float query with them, which differ from the
 * exact cosines by about 0.001. Per chunk it takes 384 bytes instead of 1,536 (float only) or 1,933 ({@code INT8}).
 *
 * <p>{@code NONE}, {@code INT8} and {@code INT4} are recorded per segment: an index written with one of them opens with
 * another, and segments written from then on (and merges) use the new one. {@code INT8_ONLY} is another field:
 * an index holds either float or 8-bit vectors, and keeps what it holds when the setting changes until it is
 * emptied (the first step of {@code POST /api/v1/index/rebuild}); an empty index takes the setting.
 */
public enum VectorQuantization {
    NONE,
    INT8,
    INT4,
    INT8_ONLY;

    /** Suffix of the per-field format's files of quantized segments (and nothing else). */
    static final String QUANTIZED_FORMAT = Lucene104HnswScalarQuantizedVectorsFormat.NAME;

    /** @throws IllegalArgumentException naming the accepted values */
    public static VectorQuantization parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown vector quantization '" + value + "'; use one of "
                    + Arrays.stream(values()).map(VectorQuantization::setting).toList(), e);
        }
    }

    /** As the setting writes it: {@code none}, {@code int8}, {@code int4}, {@code int8-only}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The format of the float vector field in segments written from now on ({@code INT8_ONLY}: an index that still
     * holds float vectors goes on writing them quantized, as {@code INT8}, until it is rebuilt).
     */
    KnnVectorsFormat format() {
        return switch (this) {
            case NONE -> new Lucene99HnswVectorsFormat();
            case INT8, INT8_ONLY -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE,
                    Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH);
            case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE,
                    Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH);
        };
    }

    /** Whether some segment of {@code reader} searches {@code field} with quantized vectors (whatever wrote it). */
    static boolean anyQuantized(IndexReader reader, String field) {
        for (LeafReaderContext leaf : reader.leaves()) {
            FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
            if (info != null && QUANTIZED_FORMAT.equals(info.getAttribute(PER_FIELD_FORMAT_KEY))) {
                return true;
            }
        }
        return false;
    }

    private static final String PER_FIELD_FORMAT_KEY =
            PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY;
}
