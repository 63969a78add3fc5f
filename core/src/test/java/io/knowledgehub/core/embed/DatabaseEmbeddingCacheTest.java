package io.knowledgehub.core.embed;

import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.persistence.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding cache on both databases the product runs on: H2 (standalone) and a real PostgreSQL (cluster mode). */
class DatabaseEmbeddingCacheTest {

    private static final String MINILM = "all-MiniLM-L6-v2/384";
    private static EmbeddedPostgres postgres;
    private static DataSource h2;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        postgres = TestDatabases.postgres(dir);
        h2 = TestDatabases.h2("jdbc:h2:mem:embedding-cache;DB_CLOSE_DELAY=-1");
        for (DataSource d : List.of(h2, postgres.getPostgresDatabase())) {
            Flyway.configure().dataSource(d).load().migrate();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    static Stream<DataSource> databases() {
        return Stream.of(h2, postgres.getPostgresDatabase());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void finds_stored_vectors_bit_for_bit_and_only_for_the_same_model(DataSource db) {
        empty(db);
        DatabaseEmbeddingCache cache = new DatabaseEmbeddingCache(db, 100, Clock.systemUTC());
        float[] v = {0.1f, -0.25f, Float.MIN_VALUE, 1e-30f};
        cache.store(MINILM, Map.of(hash("a"), v));

        assertThat(cache.find(MINILM, 4, List.of(hash("a"), hash("b")))).containsOnlyKeys(hash("a"));
        assertThat(cache.find(MINILM, 4, List.of(hash("a"))).get(hash("a"))).containsExactly(v);
        // another model (or the int8 variant of the same one) never gets these vectors
        assertThat(cache.find("all-MiniLM-L6-v2-q/384", 4, List.of(hash("a")))).isEmpty();
        assertThat(cache.find("bge-small-en-v1.5/384", 4, List.of(hash("a")))).isEmpty();
        // nor a caller that expects another dimension
        assertThat(cache.find(MINILM, 8, List.of(hash("a")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storing_texts_already_there_keeps_them_and_adds_the_rest(DataSource db) {
        empty(db);
        DatabaseEmbeddingCache cache = new DatabaseEmbeddingCache(db, 100, Clock.systemUTC());
        cache.store(MINILM, Map.of(hash("a"), new float[]{1, 0}));
        // another indexer stored "a" meanwhile: the batch with it still stores "b" and "c"
        Map<String, float[]> batch = new LinkedHashMap<>();
        batch.put(hash("b"), new float[]{0, 1});
        batch.put(hash("a"), new float[]{0.5f, 0.5f});
        batch.put(hash("c"), new float[]{1, 1});
        cache.store(MINILM, batch);

        Map<String, float[]> found = cache.find(MINILM, 2, List.of(hash("a"), hash("b"), hash("c")));
        assertThat(found).containsOnlyKeys(hash("a"), hash("b"), hash("c"));
        assertThat(found.get(hash("a"))).containsExactly(1, 0);
        assertThat(count(db)).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_prune_keeps_the_most_recently_used_within_the_bound(DataSource db) {
        empty(db);
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        DatabaseEmbeddingCache cache = new DatabaseEmbeddingCache(db, 3, clock);
        for (String text : List.of("a", "b", "c")) {
            cache.store(MINILM, Map.of(hash(text), new float[]{1}));
            clock.advance(Duration.ofHours(2));
        }
        // a is used again: it is now the most recently used
        assertThat(cache.find(MINILM, 1, List.of(hash("a")))).hasSize(1);
        clock.advance(Duration.ofHours(2));
        Map<String, float[]> more = new LinkedHashMap<>();
        more.put(hash("d"), new float[]{1});
        more.put(hash("e"), new float[]{1});
        // storing past a tenth of the bound prunes right away
        cache.store(MINILM, more);

        assertThat(count(db)).isEqualTo(3);
        assertThat(cache.find(MINILM, 1, List.of(hash("a"), hash("b"), hash("c"), hash("d"), hash("e"))))
                .containsOnlyKeys(hash("a"), hash("d"), hash("e"));
        assertThat(cache.prune()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_prune_keeps_exactly_the_bound_when_entries_were_used_at_the_same_instant(DataSource db) {
        empty(db);
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        new DatabaseEmbeddingCache(db, 100, clock).store(MINILM, Map.of(hash("old"), new float[]{1}));
        clock.advance(Duration.ofMinutes(1));
        Map<String, float[]> batch = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            batch.put(hash("text " + i), new float[]{i});
        }
        new DatabaseEmbeddingCache(db, 100, clock).store(MINILM, batch);

        assertThat(new DatabaseEmbeddingCache(db, 4, clock).prune()).isEqualTo(3);

        assertThat(count(db)).isEqualTo(4);
        assertThat(new DatabaseEmbeddingCache(db, 4, clock).find(MINILM, 1, List.of(hash("old")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_bound_of_zero_turns_reuse_off(DataSource db) {
        empty(db);
        DatabaseEmbeddingCache cache = new DatabaseEmbeddingCache(db, 0, Clock.systemUTC());
        cache.store(MINILM, Map.of(hash("a"), new float[]{1}));

        assertThat(cache.enabled()).isFalse();
        assertThat(count(db)).isZero();
        assertThat(cache.find(MINILM, 1, List.of(hash("a")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void finds_many_hashes_at_once(DataSource db) {
        empty(db);
        DatabaseEmbeddingCache cache = new DatabaseEmbeddingCache(db, 10_000, Clock.systemUTC());
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < 1200; i++) {
            vectors.put(hash("text " + i), new float[]{i, -i});
        }
        cache.store(MINILM, vectors);

        Map<String, float[]> found = cache.find(MINILM, 2, vectors.keySet());
        assertThat(found).hasSize(1200);
        assertThat(found.get(hash("text 1199"))).containsExactly(1199, -1199);
    }

    private static String hash(String text) {
        return ChunkIds.contentHash(text);
    }

    private static void empty(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM embedding_cache");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM embedding_cache")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
