package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field prefix queries match holds which chunks have each word and nothing more (no positions, frequencies or
 * norms), and an index written when it held positions keeps them, and keeps taking writes, until it is emptied.
 */
class PrefixWordsFieldTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @TempDir
    Path dir;

    @Test
    void a_new_index_keeps_only_which_chunks_hold_each_word() throws IOException {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = open(path)) {
            assertThat(index.keepsPrefixWordPositions()).isFalse();
            add(index, 0, 20);
            assertThat(titles(index, "partiti*")).containsExactlyInAnyOrder("page3", "page13");
            assertThat(titles(index, "vacuum -partiti*")).hasSize(18).doesNotContain("page3", "page13");
        }
        assertThat(words(path)).isNotEmpty().allSatisfy(info -> {
            assertThat(info.getIndexOptions()).isEqualTo(IndexOptions.DOCS);
            assertThat(info.omitsNorms()).isTrue();
        });
    }

    @Test
    void an_index_written_with_positions_keeps_them_until_it_is_emptied() throws IOException {
        Path path = dir.resolve("index");
        // the field as indexes held it before: a text field, positions and norms
        try (FSDirectory directory = FSDirectory.open(path);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            Document d = new Document();
            d.add(new StringField(LuceneSearchIndex.ID, "legacy:0", Field.Store.YES));
            d.add(new TextField(LuceneSearchIndex.WORDS, "an older chunk", Field.Store.NO));
            writer.addDocument(d);
            writer.commit();
        }
        try (LuceneSearchIndex index = open(path)) {
            assertThat(index.keepsPrefixWordPositions()).isTrue();
            add(index, 0, 20); // Lucene refuses other options for a field it holds: this would throw
            assertThat(titles(index, "partiti*")).containsExactlyInAnyOrder("page3", "page13");
            assertThat(words(path)).extracting(FieldInfo::getIndexOptions).containsOnly(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
            List<String> withPositions = scored(index, "table partiti* vacuum");

            index.clear(); // what POST /api/v1/index/rebuild does first
            assertThat(index.keepsPrefixWordPositions()).isFalse();
            index.useModel(new IndexModel("test-model", 4));
            add(index, 0, 20);
            assertThat(titles(index, "partiti*")).containsExactlyInAnyOrder("page3", "page13");
            // an optional prefix adds a constant: the same scores without positions and frequencies
            assertThat(scored(index, "table partiti* vacuum")).hasSize(20).isEqualTo(withPositions);
        }
        assertThat(words(path)).isNotEmpty().extracting(FieldInfo::getIndexOptions).containsOnly(IndexOptions.DOCS);
        // reopened, it stays so
        try (LuceneSearchIndex index = open(path)) {
            assertThat(index.keepsPrefixWordPositions()).isFalse();
            add(index, 20, 30);
            assertThat(titles(index, "partiti*")).containsExactlyInAnyOrder("page3", "page13", "page23");
        }
        assertThat(words(path)).extracting(FieldInfo::getIndexOptions).containsOnly(IndexOptions.DOCS);
    }

    private static LuceneSearchIndex open(Path path) {
        return TestPages.open(path, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES);
    }

    private static void add(LuceneSearchIndex index, int from, int to) {
        TestPages.write(index, SOURCE, from, to, TestPages.TOPIC, TestPages.TWO_WAYS);
    }

    private static List<String> titles(LuceneSearchIndex index, String query) {
        List<ChunkHit> hits = index.keyword(QueryParser.parse(query), SearchFilter.NONE, 50);
        return hits.stream().map(h -> h.chunk().title()).toList();
    }

    /** Each hit as title and score, by title. */
    private static List<String> scored(LuceneSearchIndex index, String query) {
        return index.keyword(QueryParser.parse(query), SearchFilter.NONE, 50).stream()
                .map(h -> h.chunk().title() + " " + h.rawScore()).sorted().toList();
    }

    /** The prefix field's options in each segment that has it. */
    private static List<FieldInfo> words(Path path) throws IOException {
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            List<FieldInfo> out = new ArrayList<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(LuceneSearchIndex.WORDS);
                if (info != null) {
                    out.add(info);
                }
            }
            return out;
        }
    }
}
