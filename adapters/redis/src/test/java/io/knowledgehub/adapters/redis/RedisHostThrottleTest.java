package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.HostThrottleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Politeness shared by crawler replicas: each "replica" here is its own client of one real redis-server. */
class RedisHostThrottleTest extends HostThrottleContract {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected HostThrottle newThrottle() {
        server.flush();
        return new RedisHostThrottle(server.client());
    }

    @Override
    protected HostThrottle anotherReplica(HostThrottle throttle) {
        return new RedisHostThrottle(server.client());
    }

    @Test
    void two_replicas_are_served_one_after_the_other() {
        HostThrottle a = newThrottle();
        HostThrottle b = anotherReplica(a);
        long start = System.nanoTime();
        assertThat(a.acquire("docs.example.com", Duration.ofMillis(500))).isZero();
        long second = b.acquire("docs.example.com", Duration.ofMillis(500));
        long third = a.acquire("docs.example.com", Duration.ofMillis(500));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(second).isBetween(500 - elapsed - 2, 500L);
        assertThat(third).isBetween(1_000 - elapsed - 2, 1_000L);
    }

    @Test
    void a_host_key_holds_the_next_free_slot_and_expires_with_it() throws Exception {
        HostThrottle throttle = newThrottle();
        JedisPooled cli = server.client();
        throttle.acquire("Docs.Example.com", Duration.ofMillis(300));
        assertThat(cli.type("crawl_host:docs.example.com")).isEqualTo("string");
        assertThat(cli.pttl("crawl_host:docs.example.com")).isBetween(1L, 300L);
        Thread.sleep(400);
        assertThat(cli.exists("crawl_host:docs.example.com")).isFalse();
        assertThat(throttle.acquire("docs.example.com", Duration.ZERO)).isZero();
        assertThat(cli.exists("crawl_host:docs.example.com")).as("a zero interval stores nothing").isFalse();
    }
}
