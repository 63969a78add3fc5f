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
 * <p>The format is recorded per segment: an index written with one setting opens with another, and segments written
 * from then on (and merges) use the new one.
 */
public enum VectorQuantization {
    NONE,
    INT8,
    INT4;

    /** Suffix of the per-field format's files of quantized segments (and nothing else). */
    static final String QUANTIZED_FORMAT = Lucene104HnswScalarQuantizedVectorsFormat.NAME;

    /** @throws IllegalArgumentException naming the accepted values */
    public static VectorQuantization parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown vector quantization '" + value + "'; use one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList(), e);
        }
    }

    /** The format of the vector field in segments written from now on. */
    KnnVectorsFormat format() {
        return switch (this) {
            case NONE -> new Lucene99HnswVectorsFormat();
            case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE,
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
