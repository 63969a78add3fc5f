package io.knowledgehub.core.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one set of migrations must run, and mean the same, on H2 (standalone) and on a real PostgreSQL server. */
class MigrationsTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres(@TempDir Path dir) throws Exception {
        postgres = TestDatabases.postgres(dir);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migrations_run_on_postgresql_and_enforce_the_schema() throws Exception {
        DataSource ds = postgres.getPostgresDatabase();
        assertThat(migrate(ds)).isGreaterThanOrEqualTo(1);
        checkSchema(ds);
    }

    @Test
    void migrations_run_on_h2_and_enforce_the_schema(@TempDir Path dir) throws Exception {
        JdbcDataSource ds = TestDatabases.h2("jdbc:h2:file:" + dir.resolve("kh") + ";DB_CLOSE_DELAY=-1");
        assertThat(migrate(ds)).isGreaterThanOrEqualTo(1);
        checkSchema(ds);
    }

    /**
     * The start-up check of the search index against the database reads every document's state and every chunk id
     * (DocumentRepository.indexStates, chunkIdsByDocument); H2 answers both from an index, never from the rows, which
     * hold each page's and chunk's text (at a million chunks, scanning them added about 20 s to each start).
     */
    @Test
    void h2_reads_the_document_states_and_chunk_ids_from_indexes(@TempDir Path dir) throws Exception {
        JdbcDataSource ds = TestDatabases.h2("jdbc:h2:file:" + dir.resolve("kh") + ";DB_CLOSE_DELAY=-1");
        migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(plan(s, "select d.id, d.source_id, d.index_status from documents d"))
                    .contains("IX_DOCUMENTS_INDEX_STATE").doesNotContain("tableScan");
            assertThat(plan(s, "select c.id from document_chunks c")).doesNotContain("tableScan");
        }
    }

    private static String plan(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery("explain " + sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static int migrate(DataSource ds) {
        return Flyway.configure().dataSource(ds).cleanDisabled(false).load().migrate().migrationsExecuted;
    }

    /**
     * Inserts a source with a document, a chunk, an alias, a job with its coverage report, and a stored embedding;
     * checks the unique name, the unique alias URL, the embedding's key and the cascading delete.
     */
    private static void checkSchema(DataSource ds) throws SQLException {
        UUID source = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into knowledge_sources (id, name, base_url, source_type, config, status, created_at, updated_at) "
                    + "values ('" + source + "', 'Docs', 'http://127.0.0.1/', 'web', '{}', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("insert into documents (id, source_id, url, title, content, headings, outlinks, content_hash, content_type, depth, "
                    + "index_status, fetched_at, changed_at, created_at, updated_at) values ('" + doc + "', '" + source
                    + "', 'http://127.0.0.1/a', 'A', 'text', '[]', '[]', 'abc', 'text/html', 0, 'pending', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("insert into document_chunks (id, document_id, source_id, chunk_index, content, token_count, created_at) values "
                    + "('c1', '" + doc + "', '" + source + "', 0, 'text', 1, CURRENT_TIMESTAMP)");
            s.execute("insert into jobs (id, source_id, type, status, force_refresh, progress, total_pages, processed_pages, attempts, "
                    + "created_at, updated_at) values ('" + job + "', '" + source
                    + "', 'crawl', 'pending', false, 0, 0, 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("insert into job_coverage (job_id, report, updated_at) values ('" + job + "', '{}', CURRENT_TIMESTAMP)");
            assertThatThrownBy(() -> s.execute("insert into job_coverage (job_id, report, updated_at) values ('"
                    + UUID.randomUUID() + "', '{}', CURRENT_TIMESTAMP)")).as("a report of no job").isInstanceOf(SQLException.class);

            s.execute("insert into document_aliases (id, source_id, document_id, url, seen_at) values ('" + UUID.randomUUID()
                    + "', '" + source + "', '" + doc + "', 'http://127.0.0.1/a-copy', CURRENT_TIMESTAMP)");
            assertThatThrownBy(() -> s.execute("insert into document_aliases (id, source_id, document_id, url, seen_at) values ('"
                    + UUID.randomUUID() + "', '" + source + "', '" + doc + "', 'http://127.0.0.1/a-copy', CURRENT_TIMESTAMP)"))
                    .as("a URL that is an alias twice in one source").isInstanceOf(SQLException.class);

            assertThatThrownBy(() -> s.execute("insert into knowledge_sources (id, name, base_url, source_type, config, status, "
                    + "created_at, updated_at) values ('" + UUID.randomUUID() + "', 'Docs', 'http://x/', 'web', '{}', 'active', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")).isInstanceOf(SQLException.class);

            try (PreparedStatement p = c.prepareStatement("insert into embedding_cache (model_key, text_sha256, embedding, "
                    + "last_used_at) values ('all-MiniLM-L6-v2/384', 'abc', ?, CURRENT_TIMESTAMP)")) {
                p.setBytes(1, new byte[1536]);
                p.execute();
                assertThatThrownBy(p::execute).as("one vector per model and text").isInstanceOf(SQLException.class);
            }

            s.execute("delete from knowledge_sources where id = '" + source + "'");
            for (String table : new String[]{"documents", "document_chunks", "document_aliases", "jobs", "job_coverage"}) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table + " rows left after deleting their source").isZero();
                }
            }
        }
    }
}
