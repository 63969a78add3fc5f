package io.knowledgehub.core.job;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The standalone queue: in memory, refilled from the jobs table when the process starts. Leases follow the same
 * rules as a shared queue's (they expire, are reaped, count attempts), timed with this process's monotonic clock;
 * in one process they only expire when a worker thread stops renewing without the process dying.
 */
@ApplicationScoped
@DefaultBean
public class InProcessJobQueue implements JobQueue {

    private record Held(JobLease lease, long expiresAtNanos) {
    }

    private final Duration leaseDuration;
    private final int maxAttempts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<JobType, ArrayDeque<UUID>> waiting = new EnumMap<>(JobType.class);
    private final Map<JobType, Condition> available = new EnumMap<>(JobType.class);
    private final Set<UUID> queued = new HashSet<>();
    private final Map<UUID, Held> held = new HashMap<>();
    private final Map<UUID, Integer> attempts = new HashMap<>();

    @Inject
    public InProcessJobQueue(JobsConfig config) {
        this(config.lease(), config.maxAttempts());
    }

    public InProcessJobQueue(Duration leaseDuration, int maxAttempts) {
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("kh.jobs.lease must be positive, got " + leaseDuration);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kh.jobs.max-attempts must be at least 1, got " + maxAttempts);
        }
        this.leaseDuration = leaseDuration;
        this.maxAttempts = maxAttempts;
        for (JobType type : JobType.values()) {
            waiting.put(type, new ArrayDeque<>());
            available.put(type, lock.newCondition());
        }
    }

    @Override
    public void enqueue(UUID jobId, JobType type) {
        lock.lock();
        try {
            if (held.containsKey(jobId) || !queued.add(jobId)) {
                return;
            }
            waiting.get(type).addLast(jobId);
            available.get(type).signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<JobLease> take(JobType type, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        lock.lockInterruptibly();
        try {
            ArrayDeque<UUID> ids = waiting.get(type);
            while (ids.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                available.get(type).awaitNanos(left);
            }
            UUID id = ids.pollFirst();
            queued.remove(id);
            int attempt = attempts.merge(id, 1, Integer::sum);
            JobLease lease = new JobLease(id, type, attempt, UUID.randomUUID().toString(), leaseDuration);
            held.put(id, new Held(lease, System.nanoTime() + leaseDuration.toNanos()));
            return Optional.of(lease);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renew(JobLease lease) {
        lock.lock();
        try {
            if (!holds(lease)) {
                return false;
            }
            held.put(lease.jobId(), new Held(held.get(lease.jobId()).lease(), System.nanoTime() + leaseDuration.toNanos()));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean complete(JobLease lease) {
        lock.lock();
        try {
            if (!holds(lease)) {
                return false;
            }
            held.remove(lease.jobId());
            attempts.remove(lease.jobId());
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean release(JobLease lease) {
        lock.lock();
        try {
            if (!holds(lease)) {
                return false;
            }
            UUID id = lease.jobId();
            held.remove(id);
            attempts.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
            queued.add(id);
            waiting.get(lease.type()).addFirst(id);
            available.get(lease.type()).signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AbandonedJob> reap(JobType type) {
        List<AbandonedJob> out = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.lease().type() != type || h.expiresAtNanos() - now > 0) {
                    continue;
                }
                it.remove();
                UUID id = h.lease().jobId();
                int taken = attempts.getOrDefault(id, h.lease().attempt());
                if (taken >= maxAttempts) {
                    attempts.remove(id);
                    out.add(new AbandonedJob(id, type, taken, true));
                } else {
                    queued.add(id);
                    waiting.get(type).addLast(id);
                    available.get(type).signal();
                    out.add(new AbandonedJob(id, type, taken, false));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long pending(JobType type) {
        lock.lock();
        try {
            return waiting.get(type).size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<UUID> waiting(JobType type) {
        lock.lock();
        try {
            return new HashSet<>(waiting.get(type));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<UUID> inProgress(JobType type) {
        lock.lock();
        try {
            Set<UUID> ids = new HashSet<>();
            held.values().stream().filter(h -> h.lease().type() == type).forEach(h -> ids.add(h.lease().jobId()));
            return ids;
        } finally {
            lock.unlock();
        }
    }

    private boolean holds(JobLease lease) {
        Held h = held.get(lease.jobId());
        return h != null && h.lease().token().equals(lease.token());
    }
}
