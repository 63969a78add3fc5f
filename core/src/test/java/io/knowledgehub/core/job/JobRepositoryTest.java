package io.knowledgehub.core.job;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.knowledgehub.core.job.JobStatus.CANCELLED;
import static io.knowledgehub.core.job.JobStatus.COMPLETED;
import static io.knowledgehub.core.job.JobStatus.FAILED;
import static io.knowledgehub.core.job.JobStatus.PENDING;
import static io.knowledgehub.core.job.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jobs table through {@link JobRepository} on both databases the product runs on: H2 (standalone) and a real
 * PostgreSQL (cluster mode), with the schema of the migrations and the status column holding the wire strings.
 */
class JobRepositoryTest {

    private static TestDatabases.Both databases;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        databases = TestDatabases.Both.start(dir, "job-repository", Job.class);
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
    void stores_the_status_as_the_lower_case_wire_string_and_reads_it_back_as_the_enum(Database db) throws SQLException {
        UUID source = newSource(db);
        Job job = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null));

        assertThat(storedStatus(db, job.id)).isEqualTo("pending");
        assertThat(moves(db, r -> r.transition(job.id, PENDING, RUNNING, JobRepository.Move.PLAIN))).isTrue();
        assertThat(storedStatus(db, job.id)).isEqualTo("running");
        assertThat(load(db, job.id).status()).isEqualTo(RUNNING);
        // a row written as the wire string (by an older version, a backup, a test) reads as the enum
        execute(db, "update jobs set status = 'cancelled' where id = ?", job.id);
        assertThat(load(db, job.id).status()).isEqualTo(CANCELLED);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void refuses_to_start_a_running_job_again_as_a_transition_and_writes_nothing(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID id = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(id, PENDING, RUNNING, JobRepository.Move.PLAIN));

        assertThatThrownBy(() -> inTransaction(db, r -> r.transition(id, RUNNING, RUNNING, JobRepository.Move.PLAIN)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot move from running to running");
        assertThat(attempts(db, id)).isEqualTo(1);
        // a claim of a job that is no longer pending moves nothing
        assertThat(moves(db, r -> r.transition(id, PENDING, RUNNING, JobRepository.Move.PLAIN))).isFalse();
        assertThat(attempts(db, id)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_job_completes_once_and_no_move_leaves_its_final_status(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID id = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(id, PENDING, RUNNING, JobRepository.Move.PLAIN));

        assertThat(moves(db, r -> r.transition(id, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{\"a\":1}")))).isTrue();
        Job done = load(db, id);
        assertThat(done.status()).isEqualTo(COMPLETED);
        assertThat(done.progress).isEqualTo(100);
        assertThat(done.completedAt).isNotNull();
        assertThat(done.result).isEqualTo("{\"a\":1}");

        // a second completion by a worker that still thinks it runs the job finds it no longer running
        assertThat(moves(db, r -> r.transition(id, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{\"a\":2}")))).isFalse();
        for (JobStatus to : JobStatus.values()) {
            assertThatThrownBy(() -> inTransaction(db, r -> r.transition(id, COMPLETED, to, JobRepository.Move.PLAIN)))
                    .as("completed -> %s", to).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> inTransaction(db, r -> r.transition(id, Set.of(RUNNING, COMPLETED), FAILED, JobRepository.Move.PLAIN)))
                .as("one status it may not leave is enough to refuse").isInstanceOf(IllegalStateException.class);
        Job after = load(db, id);
        assertThat(after.status()).isEqualTo(COMPLETED);
        assertThat(after.result).isEqualTo("{\"a\":1}");
        assertThat(after.completedAt).isEqualTo(done.completedAt);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_hand_back_is_refused_once_another_worker_reclaimed_the_job(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID id = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(id, PENDING, RUNNING, JobRepository.Move.PLAIN));
        int seenByFirst = attempts(db, id);

        // the first worker's lease expired: the next one takes the job over while it still shows running
        assertThat(moves(db, r -> r.reclaim(id))).isTrue();
        assertThat(storedStatus(db, id)).isEqualTo("running");
        assertThat(attempts(db, id)).isEqualTo(seenByFirst + 1);

        // the first worker, without the queue, tries to give the job back: it is not its job any more
        assertThat(moves(db, r -> r.transition(id, RUNNING, PENDING,
                JobRepository.Move.PLAIN.whileAttempts(seenByFirst).attemptNotCounted()))).isFalse();
        assertThat(storedStatus(db, id)).isEqualTo("running");
        // the new holder can; its attempt does not count
        assertThat(moves(db, r -> r.transition(id, RUNNING, PENDING,
                JobRepository.Move.PLAIN.whileAttempts(seenByFirst + 1).attemptNotCounted()))).isTrue();
        assertThat(storedStatus(db, id)).isEqualTo("pending");
        assertThat(attempts(db, id)).isEqualTo(seenByFirst);
        // only a running job is reclaimed
        assertThat(moves(db, r -> r.reclaim(id))).isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void cancels_and_fails_from_pending_or_running_only(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID queued = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        UUID abandoned = inTransaction(db, r -> r.insertPending(source, JobType.RAG, false, null)).id;

        assertThat(moves(db, r -> r.transition(queued, JobStatus.ACTIVE, CANCELLED, JobRepository.Move.PLAIN))).isTrue();
        assertThat(moves(db, r -> r.transition(queued, JobStatus.ACTIVE, CANCELLED, JobRepository.Move.PLAIN))).isFalse();
        assertThat(moves(db, r -> r.transition(abandoned, JobStatus.ACTIVE, FAILED,
                JobRepository.Move.PLAIN.withError("abandoned")))).isTrue();
        Job failed = load(db, abandoned);
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.errorMessage).isEqualTo("abandoned");
        assertThat(storedStatus(db, queued)).isEqualTo("cancelled");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void queries_by_status_bind_the_enum(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID crawl = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(crawl, PENDING, RUNNING, JobRepository.Move.PLAIN));
        UUID rag = inTransaction(db, r -> r.insertPending(source, JobType.RAG, false, null)).id;

        inTransaction(db, r -> {
            assertThat(r.newestActive(source, JobType.CRAWL)).map(j -> j.id).contains(crawl);
            assertThat(r.oldestPending(source, JobType.RAG)).map(j -> j.id).contains(rag);
            assertThat(r.oldestPending(source, JobType.CRAWL)).isEmpty();
            assertThat(r.sourcesWithActive(JobType.RAG)).contains(source);
            assertThat(r.count(source, RUNNING, null)).isEqualTo(1);
            assertThat(r.list(source, PENDING, JobType.RAG, 10, 0)).extracting(j -> j.id).containsExactly(rag);
            assertThat(r.lastStatusBySource(List.of(source))).as("the crawl runs").isEqualTo(Map.of(source, RUNNING));
            assertThat(r.refs(RUNNING, null)).extracting(JobService.JobRef::id).contains(crawl).doesNotContain(rag);
            return null;
        });
        inTransaction(db, r -> r.transition(crawl, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{}")));
        inTransaction(db, r -> {
            assertThat(r.newestActive(source, JobType.CRAWL)).isEmpty();
            assertThat(r.completedResults(source, JobType.CRAWL, UUID.randomUUID(), 10)).containsExactly("{}");
            assertThat(r.completedResults(source, JobType.CRAWL, crawl, 10)).isEmpty();
            assertThat(r.ended(100)).extracting(j -> j.id).contains(crawl).doesNotContain(rag);
            assertThat(r.active(100)).extracting(j -> j.id).contains(rag).doesNotContain(crawl);
            assertThat(r.lastStatusBySource(List.of(source))).as("its pages wait for indexing").isEqualTo(Map.of(source, PENDING));
            return null;
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_sources_last_job_status_is_its_last_crawls_unless_the_indexing_after_it_is_unfinished_or_failed(Database db) throws SQLException {
        UUID source = newSource(db);
        UUID crawl = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(crawl, PENDING, RUNNING, JobRepository.Move.PLAIN));
        UUID rag = inTransaction(db, r -> r.insertPending(source, JobType.RAG, false, null)).id;
        inTransaction(db, r -> r.transition(rag, PENDING, RUNNING, JobRepository.Move.PLAIN));
        inTransaction(db, r -> r.transition(rag, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{}")));
        assertThat(last(db, source)).as("indexing beside a running crawl")
                .isEqualTo(Map.of(source, RUNNING));
        inTransaction(db, r -> r.transition(crawl, RUNNING, CANCELLED, JobRepository.Move.PLAIN));
        UUID after = inTransaction(db, r -> r.insertPending(source, JobType.RAG, false, null)).id;
        inTransaction(db, r -> r.transition(after, PENDING, RUNNING, JobRepository.Move.PLAIN));
        inTransaction(db, r -> r.transition(after, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{}")));
        assertThat(last(db, source)).as("a cancelled crawl, then its pages indexed")
                .isEqualTo(Map.of(source, CANCELLED));

        UUID next = inTransaction(db, r -> r.insertPending(source, JobType.CRAWL, false, null)).id;
        inTransaction(db, r -> r.transition(next, PENDING, RUNNING, JobRepository.Move.PLAIN));
        inTransaction(db, r -> r.transition(next, RUNNING, COMPLETED, JobRepository.Move.PLAIN.withResult("{}")));
        assertThat(last(db, source)).as("a completed crawl without indexing after it")
                .isEqualTo(Map.of(source, COMPLETED));
        UUID failing = inTransaction(db, r -> r.insertPending(source, JobType.RAG, false, null)).id;
        inTransaction(db, r -> r.transition(failing, PENDING, RUNNING, JobRepository.Move.PLAIN));
        assertThat(last(db, source)).as("its pages being indexed")
                .isEqualTo(Map.of(source, RUNNING));
        inTransaction(db, r -> r.transition(failing, RUNNING, FAILED, JobRepository.Move.PLAIN));
        assertThat(last(db, source)).as("their indexing failed")
                .isEqualTo(Map.of(source, FAILED));
    }

    private static Map<UUID, JobStatus> last(Database db, UUID source) {
        return inTransaction(db, r -> r.lastStatusBySource(List.of(source)));
    }

    private static <T> T inTransaction(Database db, Function<JobRepository, T> work) {
        return db.inTransaction(em -> work.apply(new JobRepository(em)));
    }

    private static boolean moves(Database db, Predicate<JobRepository> move) {
        return inTransaction(db, move::test);
    }

    private static Job load(Database db, UUID id) {
        return inTransaction(db, r -> r.find(id).orElseThrow());
    }

    private static UUID newSource(Database db) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into knowledge_sources (id, name, base_url, source_type, config, status, created_at, updated_at) "
                    + "values ('" + id + "', 'Docs " + id + "', 'http://127.0.0.1/', 'web', '{}', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        return id;
    }

    private static String storedStatus(Database db, UUID job) throws SQLException {
        return (String) column(db, "status", job);
    }

    private static int attempts(Database db, UUID job) throws SQLException {
        return ((Number) column(db, "attempts", job)).intValue();
    }

    private static Object column(Database db, String column, UUID job) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select " + column + " from jobs where id = ?")) {
            s.setObject(1, job);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("job %s stored", job).isTrue();
                return rs.getObject(1);
            }
        }
    }

    private static void execute(Database db, String sql, UUID job) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, job);
            s.executeUpdate();
        }
    }
}
