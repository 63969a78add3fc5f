package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source's config, typed in the entity, stored as the same JSON text as always (every key, in the parser's order),
 * on both databases the product runs on: H2 (standalone) and PostgreSQL (cluster mode).
 */
class SourceConfigColumnTest {

    /** The column as the product has always written it for {@link #CONFIG}. */
    private static final String STORED = "{\"max_depth\":2,\"max_pages\":1000,\"crawl_delay\":0.5,\"incremental_delay\":null,"
            + "\"follow_patterns\":[\"/docs/**\"],\"exclude_patterns\":[],\"content_extraction\":{\"exclude_selectors\":[\"nav\"],"
            + "\"normalize_whitespace\":true,\"ignore_case\":false},\"content_cleaning\":{\"remove_patterns\":[]},"
            + "\"incremental_config\":{\"min_change_threshold\":0.0,\"ignore_minor_changes\":true,\"change_detection_method\":\"fuzzy\"},"
            + "\"scheduler\":{\"enabled\":true,\"refresh_schedule\":\"0 3 * * *\",\"incremental_by_default\":true,\"force_refresh_interval\":0},"
            + "\"performance\":{\"batch_hash_updates\":true,\"batch_size\":100,\"parallel_hash_calculation\":8},\"render_js\":false,"
            + "\"max_duration\":1800,\"max_total_bytes\":null}";
    private static final SourceConfig CONFIG;

    static {
        try {
            CONFIG = SourceConfigParser.parse(new ObjectMapper().readTree("{\"max_depth\": 2, \"crawl_delay\": 0.5, "
                    + "\"follow_patterns\": [\"/docs/**\"], \"content_extraction\": {\"exclude_selectors\": [\"nav\"]}, "
                    + "\"scheduler\": {\"enabled\": true, \"refresh_schedule\": \"0 3 * * *\"}, \"max_duration\": \"PT30M\"}"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static TestDatabases.Both databases;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        databases = TestDatabases.Both.start(dir, "source-config-column", KnowledgeSource.class);
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
    void a_config_is_stored_as_its_json_text_and_read_back_as_the_same_config(Database db) throws SQLException {
        UUID id = persistSource(db, CONFIG);

        assertThat(column(db, id)).isEqualTo(STORED);
        assertThat(config(db, id)).isEqualTo(CONFIG);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_row_written_by_an_older_version_reads_with_defaults_for_the_keys_it_lacks(Database db) throws SQLException {
        UUID id = persistSource(db, SourceConfig.defaults());
        update(db, "{\"max_depth\": 4, \"scheduler\": {\"enabled\": true}}", id);

        SourceConfig read = config(db, id);
        assertThat(read.maxDepth()).isEqualTo(4);
        assertThat(read.scheduler().enabled()).isTrue();
        assertThat(read.scheduler().refreshSchedule()).isEqualTo(SourceConfig.Schedule.defaults().refreshSchedule());
        assertThat(read.maxPages()).isEqualTo(SourceConfig.DEFAULT_MAX_PAGES);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_stored_value_this_version_no_longer_accepts_is_left_out_and_the_source_still_loads(Database db) throws SQLException {
        UUID id = persistSource(db, SourceConfig.defaults());
        // a look-behind (RE2 refuses it), an unknown key and an out-of-range number, beside valid values
        update(db, "{\"max_depth\": 4, \"max_pages\": -3, \"retired_key\": true, \"content_cleaning\": "
                + "{\"remove_patterns\": [\"Cookie banner\", \"(?<=x)y\"]}}", id);

        SourceConfig read = config(db, id);
        assertThat(read.maxDepth()).isEqualTo(4);
        assertThat(read.maxPages()).isEqualTo(SourceConfig.DEFAULT_MAX_PAGES);
        assertThat(read.contentCleaning().removePatterns()).containsExactly("Cookie banner");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_row_that_is_not_a_config_object_is_damaged(Database db) throws SQLException {
        UUID id = persistSource(db, SourceConfig.defaults());
        update(db, "[1, 2]", id);

        assertThatThrownBy(() -> config(db, id)).hasRootCauseInstanceOf(io.knowledgehub.core.error.InvalidInputException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_changed_config_replaces_the_stored_text(Database db) throws SQLException {
        UUID id = persistSource(db, SourceConfig.defaults());

        inTransaction(db, em -> em.find(KnowledgeSource.class, id).config = CONFIG);

        assertThat(column(db, id)).isEqualTo(STORED);
        assertThat(config(db, id)).isEqualTo(CONFIG);
    }

    private static SourceConfig config(Database db, UUID source) {
        return inTransaction(db, em -> em.find(KnowledgeSource.class, source).config);
    }

    private static UUID persistSource(Database db, SourceConfig config) {
        return inTransaction(db, em -> {
            KnowledgeSource s = new KnowledgeSource();
            s.id = UUID.randomUUID();
            s.name = "Docs " + s.id;
            s.baseUrl = "http://127.0.0.1/";
            s.sourceType = "web";
            s.config = config;
            s.status = SourceStatus.ACTIVE;
            s.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            s.updatedAt = s.createdAt;
            em.persist(s);
            return s.id;
        });
    }

    private static <T> T inTransaction(Database db, Function<EntityManager, T> work) {
        return db.inTransaction(work);
    }

    private static String column(Database db, UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select config from knowledge_sources where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("row %s stored", id).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static void update(Database db, String config, UUID id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("update knowledge_sources set config = ? where id = ?")) {
            s.setString(1, config);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }
}
