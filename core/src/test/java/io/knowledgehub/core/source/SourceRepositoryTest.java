package io.knowledgehub.core.source;

import io.knowledgehub.core.persistence.TestDatabases;
import io.knowledgehub.core.persistence.TestDatabases.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sources table through {@link SourceRepository} on both databases the product runs on: H2 (standalone) and a
 * real PostgreSQL (cluster mode), with the schema of the migrations.
 */
class SourceRepositoryTest {

    private static TestDatabases.Both databases;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        databases = TestDatabases.Both.start(dir, "source-repository", KnowledgeSource.class);
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
    void records_the_end_of_a_crawl_and_of_a_full_one_apart(Database db) {
        UUID id = insert(db, "Crawled " + UUID.randomUUID(), SourceStatus.ACTIVE).id;
        Instant incremental = now().minusSeconds(3600);
        Instant full = now();

        inTransaction(db, r -> {
            r.recordCrawl(id, false, incremental);
            return null;
        });
        KnowledgeSource afterIncremental = inTransaction(db, r -> r.find(id).orElseThrow());
        assertThat(afterIncremental.lastCrawlAt).isEqualTo(incremental);
        assertThat(afterIncremental.lastFullCrawlAt).isNull();

        inTransaction(db, r -> {
            r.recordCrawl(id, true, full);
            return null;
        });
        KnowledgeSource afterFull = inTransaction(db, r -> r.find(id).orElseThrow());
        assertThat(afterFull.lastCrawlAt).isEqualTo(full);
        assertThat(afterFull.lastFullCrawlAt).isEqualTo(full);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletes_a_source_once(Database db) {
        UUID id = insert(db, "Removed " + UUID.randomUUID(), SourceStatus.ACTIVE).id;
        UUID other = insert(db, "Kept " + UUID.randomUUID(), SourceStatus.ACTIVE).id;

        var result1 = inTransaction(db, r -> r.delete(id));
        assertThat(result1).isTrue();
        var result2 = inTransaction(db, r -> r.find(id));
        assertThat(result2).isEmpty();
        var result3 = inTransaction(db, r -> r.delete(id));
        assertThat(result3).as("already gone").isFalse();
        var result4 = inTransaction(db, r -> r.find(other));
        assertThat(result4).isPresent();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void finds_names_ignoring_case_and_lists_only_active_sources(Database db) {
        String name = "Postgres Docs " + UUID.randomUUID();
        UUID active = insert(db, name, SourceStatus.ACTIVE).id;
        UUID paused = insert(db, "Paused " + UUID.randomUUID(), SourceStatus.PAUSED).id;

        var result5 = inTransaction(db, r -> r.named(name.toUpperCase()));
        assertThat(result5).containsExactly(active);
        var result6 = inTransaction(db, r -> r.named("no such " + name));
        assertThat(result6).isEmpty();
        var result7 = inTransaction(db, SourceRepository::active);
        assertThat(result7).contains(active).doesNotContain(paused);
        UUID unknown = UUID.randomUUID();
        var result8 = inTransaction(db, r -> r.names(Set.of(active, paused, unknown)));
        assertThat(result8)
                .isEqualTo(Map.of(active, name, paused, inTransaction(db, r -> r.find(paused).orElseThrow().name)));
        long count = inTransaction(db, SourceRepository::count);
        var result9 = inTransaction(db, r -> r.page((int) count + 10, 0));
        assertThat(result9).hasSize((int) count)
                .extracting(s -> s.id).contains(active, paused);
    }

    private static KnowledgeSource insert(Database db, String name, SourceStatus status) {
        KnowledgeSource s = new KnowledgeSource();
        s.id = UUID.randomUUID();
        s.name = name;
        s.baseUrl = "http://127.0.0.1/";
        s.sourceType = "web";
        s.config = SourceConfig.defaults();
        s.status = status;
        s.createdAt = now();
        s.updatedAt = s.createdAt;
        inTransaction(db, r -> {
            r.insert(s);
            return null;
        });
        return s;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T inTransaction(Database db, Function<SourceRepository, T> work) {
        return db.inTransaction(em -> work.apply(new SourceRepository(em)));
    }
}
