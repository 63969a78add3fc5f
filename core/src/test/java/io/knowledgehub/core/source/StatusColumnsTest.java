package io.knowledgehub.core.source;

import io.knowledgehub.core.document.Document;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.persistence.TestDatabases;
import io.knowledgehub.core.persistence.TestDatabases.Database;
import jakarta.persistence.EntityManager;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status of sources and the index status of documents, typed in the entities, stored as the same lower-case
 * strings as always, on both databases the product runs on: H2 (standalone) and PostgreSQL (cluster mode).
 */
class StatusColumnsTest {

    private static TestDatabases.Both databases;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        databases = TestDatabases.Both.start(dir, "status-columns", KnowledgeSource.class, Document.class);
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
    void a_source_status_is_stored_as_its_wire_string_read_back_as_the_enum_and_queried_by_parameter(Database db) throws SQLException {
        UUID active = persistSource(db, SourceStatus.ACTIVE);
        UUID paused = persistSource(db, SourceStatus.PAUSED);

        assertThat(column(db, "select status from knowledge_sources where id = ?", active)).isEqualTo("active");
        assertThat(column(db, "select status from knowledge_sources where id = ?", paused)).isEqualTo("paused");
        assertThat(status(db, paused)).isEqualTo(SourceStatus.PAUSED);
        List<UUID> found = inTransaction(db, em -> em.createQuery("select s.id from KnowledgeSource s where s.status = :active",
                UUID.class).setParameter("active", SourceStatus.ACTIVE).getResultList());
        assertThat(found).contains(active).doesNotContain(paused);

        // a row written as the wire string (by an older version, a backup, a test) reads as the enum
        update(db, "update knowledge_sources set status = 'active' where id = ?", paused);
        assertThat(status(db, paused)).isEqualTo(SourceStatus.ACTIVE);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_document_index_status_is_stored_as_its_wire_string_read_back_as_the_enum_and_updated_by_parameter(Database db)
            throws SQLException {
        UUID source = persistSource(db, SourceStatus.ACTIVE);
        UUID doc = insertDocument(db, source, "indexed");

        IndexStatus read = inTransaction(db, em -> em.find(Document.class, doc).indexStatus);
        assertThat(read).isEqualTo(IndexStatus.INDEXED);
        inTransaction(db, em -> em.find(Document.class, doc).indexStatus = IndexStatus.FAILED);
        assertThat(column(db, "select index_status from documents where id = ?", doc)).isEqualTo("failed");

        int marked = inTransaction(db, em -> em.createQuery("update Document set indexStatus = :pending where id in :ids "
                        + "and indexStatus <> :pending").setParameter("pending", IndexStatus.PENDING)
                .setParameter("ids", List.of(doc)).executeUpdate());
        assertThat(marked).isEqualTo(1);
        assertThat(column(db, "select index_status from documents where id = ?", doc)).isEqualTo("pending");
        long pending = inTransaction(db, em -> em.createQuery("select count(*) from Document d where d.sourceId = :s "
                + "and d.indexStatus = :pending", Long.class).setParameter("s", source)
                .setParameter("pending", IndexStatus.PENDING).getSingleResult());
        assertThat(pending).isEqualTo(1);
    }

    private static SourceStatus status(Database db, UUID source) {
        return inTransaction(db, em -> em.find(KnowledgeSource.class, source).status());
    }

    private static UUID persistSource(Database db, SourceStatus status) {
        return inTransaction(db, em -> {
            KnowledgeSource s = new KnowledgeSource();
            s.id = UUID.randomUUID();
            s.name = "Docs " + s.id;
            s.baseUrl = "http://127.0.0.1/";
            s.sourceType = "web";
            s.config = SourceConfig.defaults();
            s.status = status;
            s.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            s.updatedAt = s.createdAt;
            em.persist(s);
            return s.id;
        });
    }

    private static UUID insertDocument(Database db, UUID source, String indexStatus) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into documents (id, source_id, url, title, content, headings, outlinks, content_hash, content_type, "
                        + "depth, index_status, fetched_at, changed_at, created_at, updated_at) values (?, ?, ?, 'A', 'text', "
                        + "'[]', '[]', 'h', 'text/html', 0, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                        + "CURRENT_TIMESTAMP)")) {
            s.setObject(1, id);
            s.setObject(2, source);
            s.setString(3, "http://127.0.0.1/" + id);
            s.setString(4, indexStatus);
            s.executeUpdate();
        }
        return id;
    }

    private static <T> T inTransaction(Database db, Function<EntityManager, T> work) {
        return db.inTransaction(work);
    }

    private static Object column(Database db, String sql, UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("row %s stored", id).isTrue();
                return rs.getObject(1);
            }
        }
    }

    private static void update(Database db, String sql, UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }
}
