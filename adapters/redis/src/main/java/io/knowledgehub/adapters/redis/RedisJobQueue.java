package io.knowledgehub.adapters.redis;

import io.knowledgehub.core.job.AbandonedJob;
import io.knowledgehub.core.job.JobLease;
import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.job.QueueUnavailableException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster-mode {@link JobQueue}: one Redis shared by the api, crawler and indexer processes. Per job type
 * ({@code crawl}, {@code rag}):
 * <ul>
 *   <li>{@code <type>_jobs:pending} (LIST): ids waiting, oldest at the head ({@code LLEN} is the queue depth);</li>
 *   <li>{@code <type>_jobs:processing} (SET): ids held by a worker ({@code SCARD} is the number running);</li>
 *   <li>{@code <type>_jobs:leases} (ZSET): held id → lease expiry, epoch milliseconds of the Redis server clock;</li>
 *   <li>{@code <type>_jobs:owners} (HASH): held id → token of the worker holding it;</li>
 *   <li>{@code <type>_jobs:attempts} (HASH): id → times taken since it was queued, until completed or given up.</li>
 * </ul>
 * Every change is one Lua script, so the five keys always agree. Times come from the Redis server's clock
 * ({@code TIME} inside the scripts; scripts replicate by their effects since Redis 5), so the workers' clocks do
 * not need to agree. Needs Redis 6.0.6 or later ({@code LPOS}); a single primary (with replicas), not a sharded
 * Redis Cluster, since each script touches several keys.
 *
 * <p>A Redis that cannot be reached (refused, timed out, no connection free in the pool) is reported as
 * {@link QueueUnavailableException}; an error answered by Redis itself (a wrong key type) is not, it is a fault.
 */
public final class RedisJobQueue implements JobQueue {

    /** Pause bounds between two tries of an empty queue (see {@link #take}). */
    static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Expired leases handled per script run, so one run never blocks Redis for long. */
    static final int REAP_BATCH = 100;

    /** KEYS: pending, processing. ARGV: id. Not queued twice while waiting or held. */
    private static final LuaScript ENQUEUE = new LuaScript("""
            if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 0 end
            if redis.call('LPOS', KEYS[1], ARGV[1]) then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[1])
            return 1
            """);

    /** KEYS: pending, processing, leases, owners, attempts. ARGV: token, lease ms. Returns {id, attempt} or nil. */
    private static final LuaScript TAKE = new LuaScript("""
            local id = redis.call('LPOP', KEYS[1])
            if not id then return false end
            """ + LuaScript.NOW_MS + """
            redis.call('SADD', KEYS[2], id)
            redis.call('ZADD', KEYS[3], string.format('%d', now + tonumber(ARGV[2])), id)
            redis.call('HSET', KEYS[4], id, ARGV[1])
            local attempt = redis.call('HINCRBY', KEYS[5], id, 1)
            return {id, attempt}
            """);

    /** KEYS: leases, owners. ARGV: id, token, lease ms. */
    private static final LuaScript RENEW = new LuaScript("""
            if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
            """ + LuaScript.NOW_MS + """
            redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[3])), ARGV[1])
            return 1
            """);

    /** KEYS: processing, leases, owners, attempts. ARGV: id, token. */
    private static final LuaScript COMPLETE = new LuaScript("""
            if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[4], ARGV[1])
            return 1
            """);

    /** KEYS: pending, processing, leases, owners, attempts. ARGV: id, token. Back to the head, attempt not counted. */
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('SREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[4], ARGV[1])
            if redis.call('HINCRBY', KEYS[5], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[5], ARGV[1]) end
            redis.call('LPUSH', KEYS[1], ARGV[1])
            return 1
            """);

    /**
     * KEYS: pending, processing, leases, owners, attempts. ARGV: max attempts, batch size. Returns a flat list of
     * {id, attempts, poisoned (1/0)} for each expired lease: queued again at the tail, or dropped when poisoned.
     */
    private static final LuaScript REAP = new LuaScript(LuaScript.NOW_MS + """
            local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%d', now), 'LIMIT', 0, tonumber(ARGV[2]))
            local out = {}
            for _, id in ipairs(expired) do
              redis.call('ZREM', KEYS[3], id)
              redis.call('SREM', KEYS[2], id)
              redis.call('HDEL', KEYS[4], id)
              local attempts = tonumber(redis.call('HGET', KEYS[5], id) or '0')
              local poisoned = 0
              if attempts >= tonumber(ARGV[1]) then
                redis.call('HDEL', KEYS[5], id)
                poisoned = 1
              else
                redis.call('RPUSH', KEYS[1], id)
              end
              table.insert(out, id)
              table.insert(out, attempts)
              table.insert(out, poisoned)
            end
            return out
            """);

    private final UnifiedJedis redis;
    private final Duration lease;
    private final long leaseMs;
    private final int maxAttempts;

    /**
     * @param redis       a thread-safe pooled client ({@link RedisClients#open}); not closed by the queue
     * @param lease       how long a worker keeps a job without renewing it ({@code kh.jobs.lease})
     * @param maxAttempts takes of one job, each ended by an expired lease, before it is given up ({@code kh.jobs.max-attempts})
     */
    public RedisJobQueue(UnifiedJedis redis, Duration lease, int maxAttempts) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("kh.jobs.lease must be at least 1 ms, got " + lease);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kh.jobs.max-attempts must be at least 1, got " + maxAttempts);
        }
        this.redis = redis;
        this.lease = lease;
        this.leaseMs = lease.toMillis();
        this.maxAttempts = maxAttempts;
    }

    public Duration lease() {
        return lease;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public static String pendingKey(JobType type) {
        return type.wire() + "_jobs:pending";
    }

    public static String processingKey(JobType type) {
        return type.wire() + "_jobs:processing";
    }

    public static String leasesKey(JobType type) {
        return type.wire() + "_jobs:leases";
    }

    public static String ownersKey(JobType type) {
        return type.wire() + "_jobs:owners";
    }

    public static String attemptsKey(JobType type) {
        return type.wire() + "_jobs:attempts";
    }

    private static List<String> allKeys(JobType type) {
        return List.of(pendingKey(type), processingKey(type), leasesKey(type), ownersKey(type), attemptsKey(type));
    }

    @Override
    public void enqueue(UUID jobId, JobType type) {
        call(() -> ENQUEUE.run(redis, List.of(pendingKey(type), processingKey(type)), List.of(jobId.toString())));
    }

    /** Runs one Redis call, reporting an unreachable Redis as the port says. */
    private static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisDataException e) {
            throw e;
        } catch (JedisException e) {
            throw new QueueUnavailableException("Redis cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * A Lua script cannot block, so an empty queue is tried again after a pause that grows from 10 to 100 ms and
     * never runs past {@code wait}. The alternative, BLMOVE into a list per worker followed by the script, would
     * strand ids in the list of a worker that dies between the two steps and need a recovery of its own; a job
     * starts at most 100 ms later this way, which is nothing next to a crawl or an indexing run, and an idle
     * worker costs Redis at most ten cheap calls a second.
     */
    @Override
    public Optional<JobLease> take(JobType type, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Optional<JobLease> lease = tryTake(type);
            if (lease.isPresent()) {
                return lease;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
        }
    }

    private Optional<JobLease> tryTake(JobType type) {
        String token = UUID.randomUUID().toString();
        Object reply = call(() -> TAKE.run(redis, allKeys(type), List.of(token, Long.toString(leaseMs))));
        if (!(reply instanceof List<?> pair)) {
            return Optional.empty();
        }
        UUID id = UUID.fromString(String.valueOf(pair.get(0)));
        int attempt = (int) (long) (Long) pair.get(1);
        return Optional.of(new JobLease(id, type, attempt, token, lease));
    }

    @Override
    public boolean renew(JobLease held) {
        return ok(call(() -> RENEW.run(redis, List.of(leasesKey(held.type()), ownersKey(held.type())),
                List.of(held.jobId().toString(), held.token(), Long.toString(leaseMs)))));
    }

    @Override
    public boolean complete(JobLease held) {
        JobType t = held.type();
        return ok(call(() -> COMPLETE.run(redis, List.of(processingKey(t), leasesKey(t), ownersKey(t), attemptsKey(t)),
                List.of(held.jobId().toString(), held.token()))));
    }

    @Override
    public boolean release(JobLease held) {
        return ok(call(() -> RELEASE.run(redis, allKeys(held.type()), List.of(held.jobId().toString(), held.token()))));
    }

    @Override
    public List<AbandonedJob> reap(JobType type) {
        List<AbandonedJob> out = new ArrayList<>();
        while (true) {
            Object reply = call(() -> REAP.run(redis, allKeys(type), List.of(Integer.toString(maxAttempts), Integer.toString(REAP_BATCH))));
            List<?> flat = (List<?>) reply;
            for (int i = 0; i + 2 < flat.size(); i += 3) {
                UUID id = UUID.fromString(String.valueOf(flat.get(i)));
                int attempts = (int) (long) (Long) flat.get(i + 1);
                boolean poisoned = (Long) flat.get(i + 2) == 1L;
                out.add(new AbandonedJob(id, type, attempts, poisoned));
            }
            if (flat.size() < REAP_BATCH * 3) {
                return out;
            }
        }
    }

    @Override
    public long pending(JobType type) {
        return call(() -> redis.llen(pendingKey(type)));
    }

    @Override
    public Set<UUID> waiting(JobType type) {
        return ids(call(() -> redis.lrange(pendingKey(type), 0, -1)));
    }

    @Override
    public Set<UUID> inProgress(JobType type) {
        return ids(call(() -> redis.smembers(processingKey(type))));
    }

    private static Set<UUID> ids(Iterable<String> members) {
        Set<UUID> ids = new HashSet<>();
        for (String member : members) {
            try {
                ids.add(UUID.fromString(member));
            } catch (IllegalArgumentException e) {
                // not written by this queue (added by hand): not a job id
            }
        }
        return ids;
    }

    private static boolean ok(Object reply) {
        return reply instanceof Long n && n == 1L;
    }
}
