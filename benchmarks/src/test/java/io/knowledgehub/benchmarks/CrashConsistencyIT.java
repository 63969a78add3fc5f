package io.knowledgehub.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged standalone app, killed with {@code kill -9} at seeded random moments of a crawl and the indexing that
 * follows, three times, and checked after each restart (see {@link CrashConsistencyBenchmark} for the invariants;
 * {@code ./kh bench-crash} runs more rounds).
 */
class CrashConsistencyIT {

    @Test
    void index_and_database_agree_after_every_kill_without_a_rebuild() throws Exception {
        Path jar = Path.of(System.getProperty("kh.it.standalone-jar", "../api/target/quarkus-app/quarkus-run.jar"));
        CrashConsistencyBenchmark.Outcome outcome = CrashConsistencyBenchmark.run(jar, 3, 20261203L, 12, 4000, System.out);
        assertThat(outcome.rounds()).isEqualTo(3);
        assertThat(outcome.violations()).isEmpty();
    }
}
