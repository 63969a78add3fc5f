package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index writes its stored chunks in the stock fast stored-fields files with smaller blocks: Lucene's own codec
 * reads them back (no codec of ours needed to open an index), and segments written in Lucene's default blocks open
 * beside them.
 */
class SmallBlockStoredFieldsTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    @TempDir
    Path dir;

    @Test
    void chunks_are_stored_in_small_blocks_that_lucenes_own_codec_reads_back() throws Exception {
        Path path = dir.resolve("index");
        Map<String, String> written = new HashMap<>();
        try (LuceneSearchIndex index = open(path)) {
            written.putAll(add(index, 0, 300));
        }
        // a plain reader: the codec is found by the name in the segments, Lucene's own
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            assertThat(reader.numDocs()).isEqualTo(300);
            assertThat(read(reader)).isEqualTo(written);
            assertThat(blockSizes(reader)).isNotEmpty().containsOnly(SmallBlockStoredFields.BLOCK_BYTES);
        }
    }

    @Test
    void segments_in_lucenes_default_blocks_open_beside_small_ones() throws Exception {
        Path path = dir.resolve("index");
        // a segment as indexes were written before: Lucene's codec as it comes
        writeWithLucenesCodec(path, "earlier:0", "written before", false);
        Map<String, String> written;
        try (LuceneSearchIndex index = open(path)) {
            written = add(index, 0, 50);
            assertThat(index.keyword(QueryParser.parse("partitioning"), SearchFilter.NONE, 100)).hasSize(5);
        }
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> all = read(reader);
            assertThat(all).containsEntry("earlier:0", "written before").containsAllEntriesOf(written);
            assertThat(blockSizes(reader)).containsExactlyInAnyOrder(80 * 1024, SmallBlockStoredFields.BLOCK_BYTES);
        }
    }

    @Test
    void merges_rewrite_the_blocks_either_way_and_a_chunk_larger_than_a_block_reads_back() throws Exception {
        Path path = dir.resolve("index");
        writeWithLucenesCodec(path, "earlier:0", "written before", false);
        Map<String, String> written = new HashMap<>();
        written.put("earlier:0", "written before");
        // a document six times a block's size: read in slices, by the block size recorded in the file
        String large = "A very long stored chunk, word after word. ".repeat(2_400);
        try (FSDirectory directory = FSDirectory.open(path);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                     .setCodec(LuceneSearchIndex.codec(VectorQuantization.INT8_ONLY)))) {
            for (int i = 0; i < 40; i++) {
                Document d = new Document();
                String body = i == 7 ? large : "chunk " + i + " " + "of some length ".repeat(60);
                d.add(new StringField(LuceneSearchIndex.ID, "page" + i + ":0", Field.Store.YES));
                d.add(new TextField(LuceneSearchIndex.BODY, body, Field.Store.YES));
                writer.addDocument(d);
                written.put("page" + i + ":0", body);
            }
            writer.commit();
            writer.forceMerge(1); // the earlier segment's 80 KiB blocks are written again in small ones
            writer.commit();
        }
        assertThat(large.length()).isGreaterThan(6 * SmallBlockStoredFields.BLOCK_BYTES);
        assertReadable(path, written, List.of(SmallBlockStoredFields.BLOCK_BYTES));
        // and back, as an earlier release's merges would do it: Lucene's codec as it comes
        writeWithLucenesCodec(path, "later:0", "written after", true);
        written.put("later:0", "written after");
        assertReadable(path, written, List.of(80 * 1024));
    }

    /** Adds one document with Lucene's codec as it comes (its default stored blocks), merged into one segment or not. */
    private static void writeWithLucenesCodec(Path path, String id, String body, boolean mergeAll) throws Exception {
        try (FSDirectory directory = FSDirectory.open(path);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            Document d = new Document();
            d.add(new StringField(LuceneSearchIndex.ID, id, Field.Store.YES));
            d.add(new TextField(LuceneSearchIndex.BODY, body, Field.Store.YES));
            writer.addDocument(d);
            if (mergeAll) {
                writer.forceMerge(1);
            }
            writer.commit();
        }
    }

    private static void assertReadable(Path path, Map<String, String> expected, List<Integer> blocks) throws Exception {
        try (FSDirectory directory = FSDirectory.open(path)) {
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(read(reader)).isEqualTo(expected);
                assertThat(blockSizes(reader)).isEqualTo(blocks);
            }
            try (CheckIndex check = new CheckIndex(directory)) {
                check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
                assertThat(check.checkIndex().clean).isTrue();
            }
        }
    }

    private static LuceneSearchIndex open(Path path) {
        return TestPages.open(path, 0);
    }

    /** Chunks of about 1.5 KB, as the product's; every tenth about partitioning. Returns id → content. */
    private static Map<String, String> add(LuceneSearchIndex index, int from, int to) {
        List<IndexedChunk> chunks = new ArrayList<>();
        Map<String, String> out = new HashMap<>();
        for (int i = from; i < to; i++) {
            String content = (TestPages.TOPIC.apply(i) + ". Chunk " + i + " of the manual, with text that differs from page to page: "
                    + i * 7919 + ". ").repeat(12);
            IndexedChunk chunk = TestPages.page(SOURCE, i, List.of("Chapter " + i % 7), content, TestPages.TWO_WAYS.apply(i));
            chunks.add(chunk);
            out.put(chunk.id(), content);
        }
        index.upsert(chunks);
        index.commit();
        return out;
    }

    private static Map<String, String> read(DirectoryReader reader) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            StoredFields stored = leaf.reader().storedFields();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                Document d = stored.document(doc);
                out.put(d.get(LuceneSearchIndex.ID), d.get(LuceneSearchIndex.BODY));
            }
        }
        return out;
    }

    /** The block size each segment's stored fields were written with, as their reader took it from the files. */
    private static List<Integer> blockSizes(DirectoryReader reader) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            StoredFieldsReader fields = ((CodecReader) leaf.reader()).getFieldsReader();
            Method chunkSize = fields.getClass().getDeclaredMethod("getChunkSize");
            chunkSize.setAccessible(true);
            out.add((Integer) chunkSize.invoke(fields));
        }
        return out;
    }
}
