package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.ratelimit.RateLimitStore;
import io.knowledgehub.core.ratelimit.RateLimitStoreContract;
import io.knowledgehub.testkit.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit store contract against a real redis-server; plus the key layout and the behaviour during outages. */
class RedisRateLimitStoreContractTest extends RateLimitStoreContract {

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private static RedisServer server;
    private static final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static RedisRateLimitStore store(JedisPooled client) {
        RedisRateLimitStore store = new RedisRateLimitStore(client, TIMEOUT, Duration.ZERO);
        open.add(store);
        return store;
    }

    @Override
    protected RateLimitStore newStore() {
        return store(server.client());
    }

    /** A redis-server of its own, counted on once, then stopped. */
    @Override
    protected RateLimitStore storeWithBackendDown() {
        try {
            RedisServerProcess own = RedisServerProcess.start(Files.createTempDirectory("kh-redis-down-"));
            JedisPooled client = RedisClients.open(RedisSettings.parse(own.url()).withTimeout(TIMEOUT));
            open.add(client);
            RateLimitStore store = store(client);
            assertThat(hit(store, "warm-up", HOUR)).as("counts while the server runs").isPresent();
            own.close();
            return store;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keeps_one_expiring_counter_per_key_under_the_documented_name() {
        RateLimitStore store = newStore();
        hit(store, "search:ip:127.0.0.1", HOUR);
        hit(store, "search:ip:127.0.0.1", HOUR);
        try (JedisPooled cli = new JedisPooled("127.0.0.1", server.port())) {
            assertThat(cli.get("rate_limit:search:ip:127.0.0.1")).isEqualTo("2");
            assertThat(cli.pttl("rate_limit:search:ip:127.0.0.1")).isBetween(1L, HOUR.toMillis());
        }
    }

    @Test
    void two_processes_share_the_count() {
        RateLimitStore a = newStore();
        RateLimitStore b = newStore();
        assertThat(hit(a, "api:key:shared", HOUR).orElseThrow().count()).isEqualTo(1);
        assertThat(hit(b, "api:key:shared", HOUR).orElseThrow().count()).isEqualTo(2);
        assertThat(hit(a, "api:key:shared", HOUR).orElseThrow().count()).isEqualTo(3);
    }

    @Test
    void a_hanging_server_costs_at_most_the_timeout_and_lets_requests_pass() throws Exception {
        RedisServerProcess own = RedisServerProcess.start(Files.createTempDirectory("kh-redis-hang-"));
        try (JedisPooled client = RedisClients.open(RedisSettings.parse(own.url()).withTimeout(Duration.ofSeconds(30)))) {
            RateLimitStore store = store(client);
            assertThat(hit(store, "k", HOUR)).isPresent();
            signal("STOP", own.process());
            try {
                // the client would wait 30 s for the stopped server; the store answers after its own timeout
                assertThat(hit(store, "k", HOUR)).isEmpty();
            } finally {
                signal("CONT", own.process());
            }
        } finally {
            own.close();
        }
    }

    private static void signal(String name, Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
    }
}
