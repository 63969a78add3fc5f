package io.knowledgehub.api.lastadmin;

import io.knowledgehub.core.auth.ApiKeyRepository;
import io.knowledgehub.core.auth.ApiKeyService;
import io.knowledgehub.core.error.ConflictException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a bootstrap admin key the last admin key cannot be revoked, also when the last two are revoked at the same
 * moment: the second revocation waits for the first and then counts what is left.
 */
@QuarkusTest
@TestProfile(LastAdminRevokeTest.OwnDatabase.class)
class LastAdminRevokeTest {

    /** A database of its own, so that no other test's admin keys are counted. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:last-admin;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                    "kh.data-dir", "target/test-data-last-admin");
        }
    }

    @Inject
    ApiKeyService keys;

    @Inject
    ApiKeyRepository repository;

    @Test
    void of_two_revocations_at_once_of_the_last_two_admin_keys_the_second_is_refused() throws Exception {
        assertThat(QuarkusTransaction.requiringNew().call(repository::countUsableAdmins)).isZero();
        UUID first = keys.create("First admin", "admin").key().id;
        UUID second = keys.create("Second admin", "admin").key().id;

        // a revocation of the first key under way: the key is revoked in a transaction that has not committed yet
        CountDownLatch revoked = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // threads of their own: the common pool may have a single thread on a small machine, which would run the two
        // revocations one after the other whatever the code does
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> underWay = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            assertThat(repository.revoke(first, Instant.now().truncatedTo(ChronoUnit.MICROS))).isTrue();
            revoked.countDown();
            try {
                commit.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), threads);
        assertThat(revoked.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> keys.revoke(second, false), threads);
        Thread.sleep(500);
        assertThat(other).as("the second revocation waits for the first").isNotDone();
        commit.countDown();
        underWay.get(30, TimeUnit.SECONDS);

        try {
            other.get(30, TimeUnit.SECONDS);
            throw new AssertionError("both of the last two admin keys were revoked");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ConflictException.class).hasMessageContaining("\"Second admin\" is the last admin key");
        }
        assertThat(QuarkusTransaction.requiringNew().call(repository::countUsableAdmins)).isEqualTo(1);
        threads.shutdown();
    }
}
