package io.knowledgehub.core.document;

import io.knowledgehub.core.search.ChunkIds;

import io.knowledgehub.core.persistence.TestDatabases;
import io.knowledgehub.core.persistence.TestDatabases.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents, chunks and aliases through {@link DocumentRepository} on both databases the product runs on: H2
 * (standalone) and a real PostgreSQL (cluster mode), with the schema of the migrations.
 */
class DocumentRepositoryTest {

    private static TestDatabases.Both databases;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        databases = TestDatabases.Both.start(dir, "document-repository", Document.class, DocumentChunk.class, DocumentAlias.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (databases != null) {
            databases.close();
        }
    }

    static Stream<Database> databases() {
        return databases.stream();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void marks_a_document_indexed_only_while_it_is_the_pending_version_that_was_read(Database db) throws SQLException {
        UUID source = newSource(db);
        Document doc = store(db, source, "http://127.0.0.1/a");
        Instant read = doc.updatedAt;

        var result1 = inTransaction(db, r -> r.markIndexedIfUnchanged(doc.id, read));
        assertThat(result1).isTrue();
        assertThat(storedIndexStatus(db, doc.id)).isEqualTo("indexed");
        var result2 = inTransaction(db, r -> r.markIndexedIfUnchanged(doc.id, read));
        assertThat(result2).as("no longer pending").isFalse();

        // the crawler stored new content while the indexer worked on the version it read
        Document changed = store(db, source, "http://127.0.0.1/b");
        run(db, r -> {
            Document d = r.find(changed.id).orElseThrow();
            d.content = "newer text";
            d.updatedAt = d.updatedAt.plusSeconds(1);
        });
        var result3 = inTransaction(db, r -> r.markIndexedIfUnchanged(changed.id, changed.updatedAt));
        assertThat(result3).isFalse();
        assertThat(storedIndexStatus(db, changed.id)).isEqualTo("pending");
        var result4 = inTransaction(db, r -> r.markIndexedIfUnchanged(UUID.randomUUID(), read));
        assertThat(result4).as("gone").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sends_indexed_and_failed_documents_back_to_pending_beyond_one_statements_ids(Database db) throws SQLException {
        UUID source = newSource(db);
        Document indexed = store(db, source, "http://127.0.0.1/indexed");
        Document failed = store(db, source, "http://127.0.0.1/failed");
        Document pending = store(db, source, "http://127.0.0.1/pending");
        inTransaction(db, r -> r.markIndexedIfUnchanged(indexed.id, indexed.updatedAt));
        run(db, r -> r.markFailed(failed.id));
        assertThat(storedIndexStatus(db, failed.id)).isEqualTo("failed");

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ids.add(UUID.randomUUID()); // more than one slice, mostly of documents deleted meanwhile
        }
        ids.add(1200, indexed.id);
        ids.add(pending.id);
        ids.add(failed.id);

        var result5 = inTransaction(db, r -> r.markPending(ids));
        assertThat(result5).as("only those that were not pending move").isEqualTo(2);
        for (Document d : List.of(indexed, failed, pending)) {
            assertThat(storedIndexStatus(db, d.id)).isEqualTo("pending");
        }
        var result6 = inTransaction(db, r -> r.countPending(source));
        assertThat(result6).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void crawl_states_carry_the_validators_and_the_markdown_twin_a_page_was_read_from(Database db) throws SQLException {
        UUID source = newSource(db);
        Document own = store(db, source, "http://127.0.0.1/own.html");
        Document twin = store(db, source, "http://127.0.0.1/page.html");
        run(db, r -> {
            Document d = r.find(twin.id).orElseThrow();
            d.etag = "\"html\"";
            d.twinUrl = "http://127.0.0.1/page.md";
            d.twinEtag = "\"md\"";
            d.twinLastModified = "Tue, 01 Jan 2030 00:00:00 GMT";
        });

        var states = inTransaction(db, r -> r.crawlStates(source));

        assertThat(states).containsExactlyInAnyOrder(
                new DocumentRepository.CrawlState(own.id, own.url, own.contentHash, null, null, "[]", null, null, null),
                new DocumentRepository.CrawlState(twin.id, twin.url, twin.contentHash, "\"html\"", null, "[]",
                        "http://127.0.0.1/page.md", "\"md\"", "Tue, 01 Jan 2030 00:00:00 GMT"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletes_documents_with_their_chunks_and_aliases_and_leaves_the_others(Database db) throws SQLException {
        UUID source = newSource(db);
        Document gone = store(db, source, "http://127.0.0.1/gone");
        Document kept = store(db, source, "http://127.0.0.1/kept");
        addChunks(db, gone, 2);
        addChunks(db, kept, 3);
        run(db, r -> r.recordAliases(source, Map.of("http://127.0.0.1/gone?print", gone.id, "http://127.0.0.1/kept/", kept.id), now()));

        run(db, r -> r.deleteWithChunks(List.of(gone.id)));

        var result7 = inTransaction(db, r -> r.find(gone.id));
        assertThat(result7).isEmpty();
        var result8 = inTransaction(db, r -> r.chunksOf(gone.id));
        assertThat(result8).isEmpty();
        var result9 = inTransaction(db, r -> r.aliasUrls(gone.id, 10));
        assertThat(result9).isEmpty();
        var result10 = inTransaction(db, r -> r.chunksOf(kept.id));
        assertThat(result10).extracting(c -> c.chunkIndex).containsExactly(0, 1, 2);
        var result11 = inTransaction(db, r -> r.aliasUrls(kept.id, 10));
        assertThat(result11).containsExactly("http://127.0.0.1/kept/");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletes_the_documents_and_chunks_of_one_source_only(Database db) throws SQLException {
        UUID removed = newSource(db);
        UUID other = newSource(db);
        String shared = "http://127.0.0.1/" + UUID.randomUUID(); // a URL both sources crawled
        addChunks(db, store(db, removed, shared), 2);
        addChunks(db, store(db, removed, "http://127.0.0.1/b"), 1);
        Document stays = store(db, other, shared);
        addChunks(db, stays, 2);

        run(db, r -> r.deleteOfSource(removed));

        var result12 = inTransaction(db, r -> r.count(removed));
        assertThat(result12).isZero();
        var result13 = inTransaction(db, r -> r.countsBySource(List.of(removed, other)));
        assertThat(result13).isEqualTo(Map.of(other, 1L));
        var result14 = inTransaction(db, r -> r.chunkCountsBySource(List.of(removed, other)));
        assertThat(result14).isEqualTo(Map.of(other, 2L));
        var result15 = inTransaction(db, r -> r.withUrl(shared, 10));
        assertThat(result15).extracting(d -> d.id).containsExactly(stays.id);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void replaces_the_chunk_at_a_position_and_keeps_the_others(Database db) throws SQLException {
        Document doc = store(db, newSource(db), "http://127.0.0.1/a");
        addChunks(db, doc, 3);

        var result16 = inTransaction(db, r -> r.chunkIdsAt(doc.id, 1));
        assertThat(result16).containsExactly(doc.id + "-1");
        run(db, r -> r.deleteChunksAt(doc.id, 1));
        var result17 = inTransaction(db, r -> r.chunkIdsAt(doc.id, 1));
        assertThat(result17).isEmpty();
        var result18 = inTransaction(db, r -> r.chunksOf(doc.id));
        assertThat(result18).extracting(c -> c.chunkIndex).containsExactly(0, 2);

        run(db, r -> r.deleteChunksOf(doc.id));
        var result19 = inTransaction(db, r -> r.chunksOf(doc.id));
        assertThat(result19).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void records_aliases_points_them_at_their_current_document_and_forgets_those_not_seen_again(Database db) throws SQLException {
        UUID source = newSource(db);
        Document first = store(db, source, "http://127.0.0.1/first");
        Document second = store(db, source, "http://127.0.0.1/second");
        Instant earlier = now().minusSeconds(60);
        run(db, r -> r.recordAliases(source, Map.of("http://127.0.0.1/x", first.id, "http://127.0.0.1/y", first.id), earlier));

        Instant later = now();
        run(db, r -> r.recordAliases(source, Map.of("http://127.0.0.1/x", second.id), later));

        var result20 = inTransaction(db, r -> r.aliasUrls(first.id, 10));
        assertThat(result20).containsExactly("http://127.0.0.1/y");
        var result21 = inTransaction(db, r -> r.aliasUrls(second.id, 10));
        assertThat(result21).containsExactly("http://127.0.0.1/x");
        var result22 = inTransaction(db, r -> r.withAlias("http://127.0.0.1/x", 10));
        assertThat(result22).extracting(d -> d.id).containsExactly(second.id);

        var result23 = inTransaction(db, r -> r.deleteAliasesNotSeenSince(source, later));
        assertThat(result23).isEqualTo(1);
        var result24 = inTransaction(db, r -> r.aliasUrls(first.id, 10));
        assertThat(result24).isEmpty();
        var result25 = inTransaction(db, r -> r.aliasUrls(second.id, 10));
        assertThat(result25).containsExactly("http://127.0.0.1/x");

        run(db, r -> r.deleteAliases(source, List.of("http://127.0.0.1/x")));
        var result26 = inTransaction(db, r -> r.aliasUrls(second.id, 10));
        assertThat(result26).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_reindex_sends_every_document_back_to_pending_without_chunks(Database db) throws SQLException {
        UUID source = newSource(db);
        Document doc = store(db, source, "http://127.0.0.1/a");
        addChunks(db, doc, 2);
        inTransaction(db, r -> r.markIndexedIfUnchanged(doc.id, doc.updatedAt));

        run(db, r -> {
            r.markAllPending();
            r.deleteAllChunks();
        });

        assertThat(storedIndexStatus(db, doc.id)).isEqualTo("pending");
        var result27 = inTransaction(db, DocumentRepository::countChunks);
        assertThat(result27).isZero();
        var result28 = inTransaction(db, DocumentRepository::sourcesWithDocuments);
        assertThat(result28).contains(source);
        var result29 = inTransaction(db, DocumentRepository::chunkIdsByDocument);
        assertThat(result29).doesNotContainKey(doc.id);
        var result30 = inTransaction(db, r -> r.existing(Set.of(doc.id, UUID.randomUUID())));
        assertThat(result30).containsExactly(doc.id);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lists_each_documents_chunk_ids_from_the_ids_alone_and_looks_up_ids_of_another_form(Database db) throws SQLException {
        UUID source = newSource(db);
        Document first = store(db, source, "http://127.0.0.1/a");
        Document second = store(db, source, "http://127.0.0.1/b");
        String made0 = ChunkIds.of(first.id, 0, ChunkIds.contentHash("chunk 0"));
        String made1 = ChunkIds.of(first.id, 1, ChunkIds.contentHash("chunk 1"));
        String madeOther = ChunkIds.of(second.id, 0, ChunkIds.contentHash("chunk 0"));
        addChunk(db, first, made0, 0);
        addChunk(db, first, made1, 1);
        addChunk(db, second, madeOther, 0);
        addChunk(db, second, "imported-" + second.id, 1);

        Map<UUID, Set<String>> listed = inTransaction(db, DocumentRepository::chunkIdsByDocument);

        assertThat(listed).containsOnlyKeys(first.id, second.id);
        assertThat(listed.get(first.id)).containsExactlyInAnyOrder(made0, made1);
        assertThat(listed.get(second.id)).containsExactlyInAnyOrder(madeOther, "imported-" + second.id);
        // a few documents alone: the same ids; a document that does not exist is left out
        UUID absent = UUID.randomUUID();
        Map<UUID, Set<String>> some = inTransaction(db, r -> r.chunkIdsOf(List.of(second.id, absent)));
        assertThat(some).isEqualTo(Map.of(second.id, listed.get(second.id)));
        List<DocumentRepository.IndexState> states = inTransaction(db, r -> r.indexStates(List.of(first.id, absent)));
        assertThat(states).extracting(DocumentRepository.IndexState::id).containsExactly(first.id);
    }

    private static <T> T inTransaction(Database db, Function<DocumentRepository, T> work) {
        return db.inTransaction(em -> work.apply(new DocumentRepository(em, db.dataSource())));
    }

    private static void run(Database db, Consumer<DocumentRepository> work) {
        inTransaction(db, r -> {
            work.accept(r);
            return null;
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Document store(Database db, UUID source, String url) {
        Document d = new Document();
        d.id = UUID.randomUUID();
        d.sourceId = source;
        d.url = url;
        d.title = "Title";
        d.content = "text";
        d.headings = "[]";
        d.outlinks = "[]";
        d.contentHash = "h" + d.id;
        d.contentType = "text/html";
        d.depth = 0;
        d.indexStatus = IndexStatus.PENDING;
        d.fetchedAt = now();
        d.changedAt = d.fetchedAt;
        d.createdAt = d.fetchedAt;
        d.updatedAt = d.fetchedAt;
        run(db, r -> r.insert(d));
        return d;
    }

    private static void addChunks(Database db, Document doc, int count) {
        for (int i = 0; i < count; i++) {
            addChunk(db, doc, doc.id + "-" + i, i);
        }
    }

    private static void addChunk(Database db, Document doc, String id, int index) {
        run(db, r -> {
            DocumentChunk c = new DocumentChunk();
            c.id = id;
            c.documentId = doc.id;
            c.sourceId = doc.sourceId;
            c.chunkIndex = index;
            c.content = "chunk " + index;
            c.tokenCount = 2;
            c.createdAt = now();
            r.insertChunk(c);
        });
    }

    private static UUID newSource(Database db) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into knowledge_sources (id, name, base_url, source_type, config, status, created_at, updated_at) "
                    + "values ('" + id + "', 'Docs " + id + "', 'http://127.0.0.1/', 'web', '{}', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        return id;
    }

    private static String storedIndexStatus(Database db, UUID document) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select index_status from documents where id = ?")) {
            ps.setObject(1, document);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
