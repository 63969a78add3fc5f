package io.knowledgehub.adapters.lucene;

import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;

import java.io.IOException;

/**
 * Lucene's fast stored fields (LZ4 with a preset dictionary, {@code BEST_SPEED}) written in smaller blocks. Search
 * reads the stored chunk of each of its candidates (up to 400 keyword and 100 semantic ones) and Lucene decompresses
 * the block's dictionary and the sub-block that holds the chunk: with the default 80 KiB blocks that is about 12 KiB
 * for a chunk of 1.5 KiB, and at 103k chunks, where most candidates are not among the chunks search keeps decoded,
 * LZ4 was 12 % of all the app's Java samples under load. Blocks of {@value #BLOCK_BYTES} bytes decompress about a
 * third of that (a 0.8 KiB dictionary and one or two 1.6 KiB sub-blocks).
 *
 * <p>The files are those of {@link Lucene90StoredFieldsFormat} in its {@code BEST_SPEED} mode (same format name, same
 * compression, the mode recorded in the segment as that format records it); only the block size differs, which the
 * format writes into each file and its reader takes from there. So any reader of the Lucene 10.4 codec opens these
 * segments (reading goes through the stock format), and segments written before open as they are and are rewritten
 * in the smaller blocks when merged.
 */
final class SmallBlockStoredFields extends StoredFieldsFormat {

    /** Bytes of stored documents per compressed block (Lucene's {@code BEST_SPEED}: 81,920). */
    static final int BLOCK_BYTES = 16 * 1024;

    private final StoredFieldsFormat stock = new Lucene90StoredFieldsFormat(Lucene90StoredFieldsFormat.Mode.BEST_SPEED);
    private final StoredFieldsFormat small = new Lucene90CompressingStoredFieldsFormat("Lucene90StoredFieldsFastData",
            Lucene90StoredFieldsFormat.BEST_SPEED_MODE, BLOCK_BYTES, 1024, 10);

    @Override
    public StoredFieldsReader fieldsReader(Directory directory, SegmentInfo si, FieldInfos fn, IOContext context) throws IOException {
        return stock.fieldsReader(directory, si, fn, context);
    }

    @Override
    public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context) throws IOException {
        String mode = Lucene90StoredFieldsFormat.Mode.BEST_SPEED.name();
        String previous = si.putAttribute(Lucene90StoredFieldsFormat.MODE_KEY, mode);
        if (previous != null && !previous.equals(mode)) {
            throw new IllegalStateException("segment " + si.name + " already holds stored fields of mode " + previous);
        }
        return small.fieldsWriter(directory, si, context);
    }
}
