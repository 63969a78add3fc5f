package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.core.search.SearchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSearchCacheTest {

    private static RedisServer server;
    private JedisPooled cli;

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

    @BeforeEach
    void empty() {
        server.flush();
        cli = server.client();
    }

    private static SearchResponse answer(String query) {
        SearchResult result = new SearchResult(UUID.randomUUID() + ":0", UUID.randomUUID(), UUID.randomUUID(), "Docs",
                "Connection pooling", "https://docs.example.com/pool#sizing", "Pools keep <mark>connections</mark> open.",
                null, 0.87, 0, Instant.parse("2026-03-01T10:15:30.123456Z"), List.of("Guide", "Sizing"));
        return new SearchResponse(query, "hybrid", List.of(result), 1, 12);
    }

    private Set<String> cacheKeys() {
        Set<String> keys = new java.util.HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = cli.scan(cursor, new ScanParams().match(RedisSearchCache.PREFIX + "*").count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Test
    void an_answer_comes_back_whole_from_any_replica_and_is_counted() {
        RedisSearchCache one = new RedisSearchCache(server.client(), Duration.ofSeconds(3600));
        RedisSearchCache two = new RedisSearchCache(server.client(), Duration.ofSeconds(3600));
        SearchResponse response = answer("connection pooling");

        assertThat(one.get("v1|HYBRID|connection pooling")).isEmpty();
        one.put("v1|HYBRID|connection pooling", response);
        assertThat(two.get("v1|HYBRID|connection pooling")).contains(response);
        assertThat(two.get("v1|HYBRID|other")).isEmpty();

        assertThat(one.hits()).isZero();
        assertThat(one.misses()).isEqualTo(1);
        assertThat(two.hits()).isEqualTo(1);
        assertThat(two.misses()).isEqualTo(1);
        assertThat(two.hitRate()).isEqualTo(0.5);

        String key = RedisSearchCache.redisKey("v1|HYBRID|connection pooling");
        assertThat(cacheKeys()).containsExactly(key);
        assertThat(cli.ttl(key)).isBetween(3590L, 3600L);
        assertThat(cli.get(key)).contains("\"query\":\"connection pooling\"").contains("2026-03-01T10:15:30.123456Z");
    }

    @Test
    void answers_expire_after_the_ttl() throws Exception {
        RedisSearchCache cache = new RedisSearchCache(cli, Duration.ofSeconds(1));
        cache.put("k", answer("q"));
        assertThat(cache.get("k")).isPresent();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cache.get("k").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cache.get("k")).isEmpty();
        assertThat(cacheKeys()).isEmpty();
    }

    @Test
    void a_ttl_of_zero_turns_the_cache_off_and_counts_nothing() {
        RedisSearchCache cache = new RedisSearchCache(cli, Duration.ZERO);
        cache.put("k", answer("q"));
        assertThat(cache.get("k")).isEmpty();
        assertThat(cacheKeys()).isEmpty();
        assertThat(cache.hits()).isZero();
        assertThat(cache.misses()).isZero();
        assertThat(cache.hitRate()).isZero();
    }

    @Test
    void invalidate_all_deletes_every_answer_and_nothing_else() {
        RedisSearchCache cache = new RedisSearchCache(cli, Duration.ofSeconds(3600));
        SearchResponse response = answer("q");
        for (int i = 0; i < 1_200; i++) { // more than one SCAN page
            cache.put("k" + i, response);
        }
        cli.set("crawl_host:docs.example.com", "1");
        cli.rpush("crawl_jobs:pending", UUID.randomUUID().toString());
        assertThat(cacheKeys()).hasSize(1_200);

        cache.invalidateAll();
        assertThat(cacheKeys()).isEmpty();
        assertThat(cache.get("k1")).isEmpty();
        assertThat(cli.exists("crawl_host:docs.example.com")).isTrue();
        assertThat(cli.llen("crawl_jobs:pending")).isEqualTo(1);
    }

    @Test
    void an_unreadable_entry_is_a_miss_and_is_dropped() {
        RedisSearchCache cache = new RedisSearchCache(cli, Duration.ofSeconds(60));
        cli.setex(RedisSearchCache.redisKey("k"), 60, "{not json");
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cli.exists(RedisSearchCache.redisKey("k"))).isFalse();
    }

    @Test
    void without_redis_searches_miss_and_nothing_throws() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RedisSettings settings = RedisSettings.parse("redis://127.0.0.1:" + closedPort).withTimeout(Duration.ofMillis(300));
        try (JedisPooled unreachable = RedisClients.open(settings)) {
            RedisSearchCache cache = new RedisSearchCache(unreachable, Duration.ofSeconds(60));
            cache.put("k", answer("q"));
            assertThat(cache.get("k")).isEmpty();
            cache.invalidateAll();
            assertThat(cache.misses()).isEqualTo(1);
            assertThat(cache.hits()).isZero();
        }
    }

    @Test
    void after_a_redis_that_does_not_answer_the_cache_is_bypassed_for_a_while() throws Exception {
        // a server that accepts connections and never answers: each call waits for the client's timeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (java.io.IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            });
            RedisSettings settings = RedisSettings.parse("redis://127.0.0.1:" + silent.getLocalPort()).withTimeout(Duration.ofMillis(400));
            try (JedisPooled unreachable = RedisClients.open(settings)) {
                RedisSearchCache cache = new RedisSearchCache(unreachable, Duration.ofSeconds(60), Duration.ofSeconds(30));
                long t0 = System.nanoTime();
                assertThat(cache.get("k")).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the first lookup waits for the timeout")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
                long t1 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    cache.put("k" + i, answer("q"));
                    assertThat(cache.get("k" + i)).isEmpty();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("later ones do not ask Redis")
                        .isLessThan(Duration.ofMillis(300));
                assertThat(cache.misses()).isEqualTo(6);
            }
            silent.close();
            acceptor.join(2000);
        }
    }

    @Test
    void keys_stay_short_whatever_the_query() {
        List<String> keys = new ArrayList<>();
        keys.add(RedisSearchCache.redisKey("x".repeat(10_000)));
        keys.add(RedisSearchCache.redisKey("v1|KEYWORD|\u00e9t\u00e9 \"quoted\" -not *"));
        assertThat(keys).allSatisfy(k -> assertThat(k).startsWith("search_cache:").hasSize("search_cache:".length() + 64));
        assertThat(keys.get(0)).isNotEqualTo(keys.get(1));
    }
}
