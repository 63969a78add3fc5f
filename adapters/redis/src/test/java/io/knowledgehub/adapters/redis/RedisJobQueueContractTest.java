package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.job.JobLease;
import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobQueueContract;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.job.QueueUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job queue contract against a real redis-server, with real lease expiry; plus the key layout users rely on. */
class RedisJobQueueContractTest extends JobQueueContract {

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
    protected JobQueue newQueue(Duration lease, int maxAttempts) {
        server.flush();
        return new RedisJobQueue(server.client(), lease, maxAttempts);
    }

    @Override
    protected JobQueue anotherWorker(JobQueue queue) {
        RedisJobQueue q = (RedisJobQueue) queue;
        return new RedisJobQueue(server.client(), q.lease(), q.maxAttempts());
    }

    @Test
    void users_see_the_queue_with_llen_and_scard_on_the_documented_keys() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        JedisPooled cli = server.client();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID r = UUID.randomUUID();
        queue.enqueue(a, JobType.CRAWL);
        queue.enqueue(b, JobType.CRAWL);
        queue.enqueue(r, JobType.RAG);
        assertThat(cli.type("crawl_jobs:pending")).isEqualTo("list");
        assertThat(cli.llen("crawl_jobs:pending")).isEqualTo(2);
        assertThat(cli.lrange("crawl_jobs:pending", 0, -1)).containsExactly(a.toString(), b.toString());
        assertThat(cli.llen("rag_jobs:pending")).isEqualTo(1);
        assertThat(cli.exists("crawl_jobs:processing")).isFalse();

        long before = serverMillis(cli);
        JobLease lease = queue.take(JobType.CRAWL, SHORT_WAIT).orElseThrow();
        long after = serverMillis(cli);
        assertThat(cli.llen("crawl_jobs:pending")).isEqualTo(1);
        assertThat(cli.type("crawl_jobs:processing")).isEqualTo("set");
        assertThat(cli.scard("crawl_jobs:processing")).isEqualTo(1);
        assertThat(cli.smembers("crawl_jobs:processing")).containsExactly(a.toString());
        assertThat(cli.hget("crawl_jobs:attempts", a.toString())).isEqualTo("1");
        assertThat(cli.hget("crawl_jobs:owners", a.toString())).isEqualTo(lease.token());
        // the expiry is stamped with the Redis server's clock
        double expiry = cli.zscore("crawl_jobs:leases", a.toString());
        assertThat((long) expiry).isBetween(before + LONG_LEASE.toMillis(), after + LONG_LEASE.toMillis());

        assertThat(queue.complete(lease)).isTrue();
        assertThat(cli.scard("crawl_jobs:processing")).isZero();
        assertThat(cli.exists("crawl_jobs:leases", "crawl_jobs:owners", "crawl_jobs:attempts")).isZero();
        assertThat(cli.llen("rag_jobs:pending")).isEqualTo(1);
    }

    @Test
    void an_id_pushed_by_hand_is_taken_like_any_other() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        server.client().rpush("crawl_jobs:pending", id.toString());
        assertThat(queue.pending(JobType.CRAWL)).isEqualTo(1);
        queue.enqueue(id, JobType.CRAWL);
        assertThat(queue.pending(JobType.CRAWL)).as("already waiting").isEqualTo(1);
        assertThat(queue.take(JobType.CRAWL, SHORT_WAIT)).map(JobLease::jobId).contains(id);
    }

    @Test
    void the_scripts_are_loaded_again_after_the_server_forgot_them() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, JobType.CRAWL);
        server.client().scriptFlush();
        JobLease lease = queue.take(JobType.CRAWL, SHORT_WAIT).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(id);
        server.client().scriptFlush();
        assertThat(queue.complete(lease)).isTrue();
    }

    @Test
    void an_unreachable_redis_is_reported_as_the_queue_being_unavailable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (JedisPooled nowhere = RedisClients.open(RedisSettings.parse("redis://127.0.0.1:" + closedPort + "/0")
                .withTimeout(Duration.ofMillis(500)))) {
            JobQueue queue = new RedisJobQueue(nowhere, LONG_LEASE, 3);
            JobLease lease = new JobLease(UUID.randomUUID(), JobType.CRAWL, 1, "token", LONG_LEASE);
            List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
                    () -> queue.enqueue(UUID.randomUUID(), JobType.CRAWL), () -> queue.take(JobType.CRAWL, SHORT_WAIT),
                    () -> queue.renew(lease), () -> queue.complete(lease), () -> queue.release(lease),
                    () -> queue.reap(JobType.CRAWL), () -> queue.pending(JobType.CRAWL), () -> queue.waiting(JobType.CRAWL),
                    () -> queue.inProgress(JobType.CRAWL));
            for (var call : calls) {
                assertThatThrownBy(call).isInstanceOf(QueueUnavailableException.class).hasMessageContaining("Redis cannot be reached");
            }
        }
    }

    private static long serverMillis(JedisPooled cli) {
        List<?> time = (List<?>) cli.eval("return redis.call('TIME')");
        return Long.parseLong(String.valueOf(time.get(0))) * 1000 + Long.parseLong(String.valueOf(time.get(1))) / 1000;
    }
}
