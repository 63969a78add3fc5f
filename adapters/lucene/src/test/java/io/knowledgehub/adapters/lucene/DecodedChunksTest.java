package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.ScoreModel;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.query.QueryParser;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks decoded for one search are reused by the next, and never outlive the version of the page they came from. */
class DecodedChunksTest {

    private static final UUID SOURCE = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @TempDir
    Path dir;

    @Test
    void a_second_search_reuses_the_decoded_chunk_and_a_replaced_page_is_read_anew() {
        UUID page = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"))) {
            index.useModel(new IndexModel("test-model", 2));
            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage held by dead tuples.")));

            ChunkHit first = keyword(index, "vacuum");
            ChunkHit again = keyword(index, "vacuum");
            ChunkHit bySimilarity = index.semantic(new float[] {1, 0}, QueryParser.parse("vacuum"), SearchFilter.NONE, 1).getFirst();
            assertThat(again.chunk()).isSameAs(first.chunk());
            assertThat(bySimilarity.chunk()).isSameAs(first.chunk());
            // folded for the keyword score's word coverage when read again, once
            assertThat(first.folded()).isNull();
            assertThat(again.folded()).isEqualTo("routine maintenance\nvacuum\nvacuum reclaims storage held by dead tuples.")
                    .isSameAs(bySimilarity.folded());
            ScoreModel.CoverageWords words = new ScoreModel.CoverageWords(List.of("VACUUM", "tuple", "bloat"));
            assertThat(first.coverage(words)).isEqualTo(again.coverage(words)).isEqualTo(2.0 / 3);

            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage and updates statistics.")));

            assertThat(keyword(index, "vacuum").chunk().content()).isEqualTo("Vacuum reclaims storage and updates statistics.");
            assertThat(index.semantic(new float[] {1, 0}, QueryParser.parse("vacuum"), SearchFilter.NONE, 5))
                    .extracting(h -> h.chunk().content()).containsExactly("Vacuum reclaims storage and updates statistics.");
        }
    }

    @Test
    void with_no_budget_every_search_decodes_its_chunks() {
        UUID page = UUID.randomUUID();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index"), 0)) {
            index.useModel(new IndexModel("test-model", 2));
            index.replaceDocument(page, List.of(chunk(page, "Vacuum reclaims storage held by dead tuples.")));

            ChunkHit first = keyword(index, "vacuum");
            ChunkHit again = keyword(index, "vacuum");

            assertThat(again.chunk()).isNotSameAs(first.chunk()).isEqualTo(first.chunk());
            // nothing kept, nothing folded: compared in place
            assertThat(first.folded()).isNull();
            assertThat(again.folded()).isNull();
            assertThat(first.coverage(new ScoreModel.CoverageWords(List.of("VACUUM", "tuple", "bloat")))).isEqualTo(2.0 / 3);
        }
    }

    @Test
    void a_chunk_read_by_many_searches_stays_while_chunks_read_once_come_and_go() throws Exception {
        Path path = dir.resolve("index");
        try (LuceneSearchIndex index = new LuceneSearchIndex(path)) {
            index.useModel(new IndexModel("test-model", 2));
            for (int i = 0; i < 300; i++) {
                UUID page = UUID.randomUUID();
                index.replaceDocument(page, List.of(chunk(page, "Page " + i + " on vacuum, autovacuum and the free space map.")));
            }
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(path))) {
            assertThat(reader.numDocs()).isEqualTo(300);
            DecodedChunks decoded = new DecodedChunks(20 * 1024); // room for about a tenth of the chunks
            IndexedChunk hot = decoded.reader(reader).decoded(0).chunk();
            for (int i = 0; i < 200; i++) {
                decoded.reader(reader).decoded(0).chunk();
                decoded.cleanUp();
            }
            // the policy weighs how often a chunk is read: it keeps the one every search reads
            for (int doc = 1; doc < 300; doc++) {
                DecodedChunks.Reader search = decoded.reader(reader);
                search.decoded(doc).chunk();
                assertThat(search.decoded(0).chunk()).as("after reading chunk %d once", doc).isSameAs(hot);
                decoded.cleanUp();
            }
            assertThat(decoded.size()).isLessThan(60);
            // the hot chunk was folded when it was read again, before the budget was reached; now that chunks are
            // pushed out, a chunk read again is not folded (its copy would push out others)
            DecodedChunks.Reader search = decoded.reader(reader);
            assertThat(search.decoded(0).folded()).isNotNull();
            for (int i = 0; i < 50; i++) {
                search.decoded(150).chunk(); // read often enough for the policy to keep it
                decoded.cleanUp();
            }
            DecodedChunks.Decoded kept = search.decoded(150);
            assertThat(search.decoded(150).chunk()).as("chunk 150 kept").isSameAs(kept.chunk());
            assertThat(search.decoded(150).folded()).isNull();
        }
    }

    @Test
    void a_folded_copy_weighs_one_byte_a_character_in_latin_1_and_two_beyond() {
        UUID page = UUID.nameUUIDFromBytes("weights".getBytes());
        IndexedChunk c = chunk(page, "Vacuum reclaims storage.");
        int plain = DecodedChunks.weight(new DecodedChunks.Decoded(c, null, false));
        // the texts' characters at two bytes each, and the fixed overhead
        assertThat(plain).isGreaterThan(2 * (c.title().length() + c.content().length() + c.url().length()));
        String latin1 = ScoreModel.fold(ChunkHit.texts(c));
        assertThat(DecodedChunks.weight(new DecodedChunks.Decoded(c, latin1, false))).isEqualTo(plain + latin1.length());
        String wide = latin1 + "\u0100"; // one character above Latin-1: the whole copy is stored two bytes a character
        assertThat(DecodedChunks.weight(new DecodedChunks.Decoded(c, wide, false))).isEqualTo(plain + 2 * wide.length());
        String lastLatin1 = latin1 + "\u00ff";
        assertThat(DecodedChunks.weight(new DecodedChunks.Decoded(c, lastLatin1, false))).isEqualTo(plain + lastLatin1.length());
    }

    private static ChunkHit keyword(LuceneSearchIndex index, String query) {
        List<ChunkHit> hits = index.keyword(QueryParser.parse(query), SearchFilter.NONE, 5);
        assertThat(hits).hasSize(1);
        return hits.getFirst();
    }

    private static IndexedChunk chunk(UUID doc, String content) {
        return new IndexedChunk(doc + ":0", doc, SOURCE, 0, "Routine maintenance", List.of("Vacuum"), content,
                "http://127.0.0.1/" + doc + ".html", null, "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                new float[] {1, 0});
    }
}
