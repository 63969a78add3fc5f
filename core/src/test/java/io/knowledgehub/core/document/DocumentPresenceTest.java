package io.knowledgehub.core.document;

import io.knowledgehub.core.persistence.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The search guard's one statement answers the same on H2 (standalone) and PostgreSQL (cluster). */
class DocumentPresenceTest {

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
    void finds_exactly_the_stored_documents_on_postgresql() throws Exception {
        check(postgres.getPostgresDatabase());
    }

    @Test
    void finds_exactly_the_stored_documents_on_h2(@TempDir Path dir) throws Exception {
        check(TestDatabases.h2("jdbc:h2:file:" + dir.resolve("kh") + ";DB_CLOSE_DELAY=-1"));
    }

    private static void check(DataSource ds) throws SQLException {
        Flyway.configure().dataSource(ds).load().migrate();
        UUID source = UUID.randomUUID();
        Set<UUID> stored = new HashSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into knowledge_sources (id, name, base_url, source_type, config, status, created_at, updated_at) "
                    + "values ('" + source + "', 'Docs', 'http://127.0.0.1/', 'web', '{}', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            for (int i = 0; i < 3; i++) {
                UUID doc = UUID.randomUUID();
                stored.add(doc);
                s.execute("insert into documents (id, source_id, url, title, content, headings, outlinks, content_hash, content_type, "
                        + "depth, index_status, fetched_at, changed_at, created_at, updated_at) values ('" + doc + "', '" + source
                        + "', 'http://127.0.0.1/" + i + "', 'A', 'text', '[]', '[]', 'h" + i + "', 'text/html', 0, 'indexed', "
                        + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
        }
        // the search guard reads on its own connection: no entity manager is involved
        DocumentPresence presence = new DocumentPresence(new DocumentRepository(null, ds));
        Set<UUID> asked = new HashSet<>(stored);
        UUID gone = UUID.randomUUID();
        asked.add(gone);

        assertThat(presence.existing(asked)).isEqualTo(stored);
        assertThat(presence.existing(Set.of(gone))).isEmpty();
        assertThat(presence.existing(Set.of())).isEmpty();
        // many ids in one parameter: a page of candidates of a large search
        Set<UUID> many = new HashSet<>(stored);
        for (int i = 0; i < 5000; i++) {
            many.add(UUID.randomUUID());
        }
        assertThat(presence.existing(many)).isEqualTo(stored);
    }
}
