package io.knowledgehub.core.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.knowledgehub.core.job.JobType.CRAWL;
import static io.knowledgehub.core.job.JobType.RAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link JobQueue} adapter must have. An adapter's test extends this class and says how to
 * open an empty queue, and how another worker (another process, for a shared queue) reaches the same queue.
 */
public abstract class JobQueueContract {

    /** Long enough that no lease expires by accident on a slow machine. */
    protected static final Duration LONG_LEASE = Duration.ofSeconds(60);
    protected static final Duration SHORT_WAIT = Duration.ofMillis(200);

    /** A new, empty queue whose leases last {@code lease} and that gives a job up after {@code maxAttempts} takes. */
    protected abstract JobQueue newQueue(Duration lease, int maxAttempts);

    /** Another worker's handle on {@code queue}: another client of the same store for a shared queue. */
    protected JobQueue anotherWorker(JobQueue queue) {
        return queue;
    }

    /**
     * Whether leases expire and {@link JobQueue#reap} hands them on. An adapter whose leases never expire answers
     * false here, and the tests about expiry are reported as skipped.
     */
    protected boolean leasesExpire() {
        return true;
    }

    /** The lease of the expiry tests: short, but long enough for a few calls to the backend. */
    protected Duration shortLease() {
        return Duration.ofMillis(300);
    }

    private static JobLease take(JobQueue queue, JobType type) throws InterruptedException {
        return queue.take(type, SHORT_WAIT).orElseThrow(() -> new AssertionError("nothing to take"));
    }

    private static List<UUID> ids(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    /** Waits past the lease, then reaps until something is reported (the backend's clock may lag a little). */
    private List<AbandonedJob> reapAfterExpiry(JobQueue queue, JobType type) throws InterruptedException {
        Thread.sleep(shortLease().toMillis());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<AbandonedJob> reaped = queue.reap(type);
            if (!reaped.isEmpty() || System.nanoTime() > deadline) {
                return reaped;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void takes_ids_in_the_order_they_were_queued() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        List<UUID> ids = ids(3);
        ids.forEach(id -> queue.enqueue(id, CRAWL));

        List<JobLease> leases = List.of(take(queue, CRAWL), take(queue, CRAWL), take(queue, CRAWL));
        assertThat(leases).extracting(JobLease::jobId).containsExactlyElementsOf(ids);
        assertThat(leases).allSatisfy(l -> {
            assertThat(l.type()).isEqualTo(CRAWL);
            assertThat(l.attempt()).isEqualTo(1);
            assertThat(l.redelivered()).isFalse();
            assertThat(l.duration()).isEqualTo(LONG_LEASE);
        });
        assertThat(leases).extracting(JobLease::token).doesNotHaveDuplicates();
        assertThat(queue.take(CRAWL, SHORT_WAIT)).isEmpty();
    }

    @Test
    void queueing_an_id_that_waits_or_is_held_changes_nothing() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        queue.enqueue(id, CRAWL);
        anotherWorker(queue).enqueue(id, CRAWL);
        assertThat(queue.pending(CRAWL)).isEqualTo(1);

        JobLease lease = take(queue, CRAWL);
        queue.enqueue(id, CRAWL);
        assertThat(queue.pending(CRAWL)).as("held by a worker").isZero();
        assertThat(queue.take(CRAWL, SHORT_WAIT)).isEmpty();

        assertThat(queue.complete(lease)).isTrue();
        queue.enqueue(id, CRAWL);
        assertThat(queue.pending(CRAWL)).as("queued again once finished").isEqualTo(1);
    }

    @Test
    void each_type_has_its_own_queue_and_counts() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        List<UUID> crawls = ids(3);
        UUID rag = UUID.randomUUID();
        crawls.forEach(id -> queue.enqueue(id, CRAWL));
        queue.enqueue(rag, RAG);
        assertThat(queue.pending(CRAWL)).isEqualTo(3);
        assertThat(queue.pending(RAG)).isEqualTo(1);

        JobLease r = take(queue, RAG);
        assertThat(r.jobId()).isEqualTo(rag);
        assertThat(r.type()).isEqualTo(RAG);
        assertThat(queue.take(RAG, SHORT_WAIT)).isEmpty();
        JobLease c = take(queue, CRAWL);
        assertThat(queue.pending(CRAWL)).isEqualTo(2);
        assertThat(queue.pending(RAG)).isZero();
        assertThat(queue.inProgress(CRAWL)).containsExactly(c.jobId());
        assertThat(queue.inProgress(RAG)).containsExactly(rag);
        assertThat(queue.waiting(CRAWL)).containsExactlyInAnyOrderElementsOf(crawls.subList(1, 3));
        assertThat(queue.waiting(RAG)).isEmpty();
    }

    @Test
    void each_id_goes_to_exactly_one_of_many_concurrent_takers() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        List<UUID> ids = ids(200);
        int takers = 8;
        ConcurrentLinkedQueue<JobLease> taken = new ConcurrentLinkedQueue<>();
        AtomicBoolean allQueued = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch ready = new CountDownLatch(takers);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                JobQueue worker = anotherWorker(queue);
                runs.add(pool.submit(() -> {
                    ready.countDown();
                    try {
                        while (true) {
                            Optional<JobLease> lease = worker.take(CRAWL, Duration.ofMillis(100));
                            if (lease.isPresent()) {
                                taken.add(lease.get());
                            } else if (allQueued.get() && worker.pending(CRAWL) == 0) {
                                return;
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            ready.await();
            for (UUID id : ids) {
                queue.enqueue(id, CRAWL); // while the takers compete
            }
            allQueued.set(true);
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failure.get()).isNull();
        assertThat(taken).extracting(JobLease::jobId).hasSize(ids.size()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(queue.pending(CRAWL)).isZero();
        assertThat(queue.inProgress(CRAWL)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void take_waits_up_to_its_wait_then_returns_empty() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        long start = System.nanoTime();
        assertThat(queue.take(CRAWL, Duration.ofMillis(400))).isEmpty();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms).isBetween(390L, 5_000L);
    }

    @Test
    void a_waiting_take_returns_soon_after_a_job_is_queued() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        JobQueue other = anotherWorker(queue);
        UUID id = UUID.randomUUID();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
                other.enqueue(id, CRAWL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        Optional<JobLease> lease = queue.take(CRAWL, Duration.ofSeconds(20));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        producer.join();
        assertThat(lease).map(JobLease::jobId).contains(id);
        assertThat(ms).isBetween(250L, 5_000L);
    }

    @Test
    void a_waiting_take_can_be_interrupted() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                queue.take(CRAWL, Duration.ofSeconds(30));
                outcome.set(new AssertionError("take returned"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        Thread.sleep(200);
        taker.interrupt();
        taker.join(5_000);
        assertThat(taker.isAlive()).as("take still blocked after the interrupt").isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void complete_ends_the_lease_once() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        JobLease lease = take(queue, CRAWL);
        assertThat(queue.inProgress(CRAWL)).containsExactly(id);
        assertThat(queue.renew(lease)).isTrue();

        assertThat(queue.complete(lease)).isTrue();
        assertThat(queue.inProgress(CRAWL)).isEmpty();
        assertThat(queue.pending(CRAWL)).isZero();
        assertThat(queue.complete(lease)).isFalse();
        assertThat(queue.renew(lease)).isFalse();
        assertThat(queue.release(lease)).isFalse();
        assertThat(queue.pending(CRAWL)).isZero();
    }

    @Test
    void a_lease_is_only_the_holders() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        JobLease lease = take(queue, CRAWL);
        JobLease forged = new JobLease(id, CRAWL, lease.attempt(), "not-the-token", lease.duration());
        JobQueue other = anotherWorker(queue);
        assertThat(other.renew(forged)).isFalse();
        assertThat(other.complete(forged)).isFalse();
        assertThat(other.release(forged)).isFalse();
        assertThat(queue.inProgress(CRAWL)).containsExactly(id);
        assertThat(other.complete(lease)).as("the holder's lease, from any client").isTrue();
    }

    @Test
    void release_puts_the_job_back_first_without_counting_the_attempt() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        List<UUID> ids = ids(2);
        ids.forEach(id -> queue.enqueue(id, CRAWL));
        JobLease first = take(queue, CRAWL);
        assertThat(queue.release(first)).isTrue();
        assertThat(queue.pending(CRAWL)).isEqualTo(2);
        assertThat(queue.inProgress(CRAWL)).isEmpty();
        assertThat(queue.renew(first)).isFalse();

        JobLease again = take(anotherWorker(queue), CRAWL);
        assertThat(again.jobId()).isEqualTo(ids.get(0));
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.token()).isNotEqualTo(first.token());
    }

    @Test
    void reaping_leaves_live_leases_alone() throws Exception {
        JobQueue queue = newQueue(LONG_LEASE, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        JobLease lease = take(queue, CRAWL);
        assertThat(queue.reap(CRAWL)).isEmpty();
        assertThat(queue.reap(RAG)).isEmpty();
        assertThat(queue.inProgress(CRAWL)).containsExactly(id);
        assertThat(queue.renew(lease)).isTrue();
    }

    @Test
    void renewing_keeps_a_lease_past_its_duration() throws Exception {
        assumeTrue(leasesExpire(), "leases of this queue do not expire");
        Duration lease = shortLease().multipliedBy(2);
        JobQueue queue = newQueue(lease, 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        JobLease held = take(queue, CRAWL);
        long end = System.nanoTime() + lease.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(lease.toMillis() / 6);
            assertThat(queue.renew(held)).isTrue();
            assertThat(queue.reap(CRAWL)).isEmpty();
        }
        assertThat(queue.inProgress(CRAWL)).containsExactly(id);
        assertThat(queue.pending(CRAWL)).isZero();
        assertThat(queue.complete(held)).isTrue();
    }

    @Test
    void an_expired_lease_goes_to_another_worker_with_the_next_attempt() throws Exception {
        assumeTrue(leasesExpire(), "leases of this queue do not expire");
        JobQueue queue = newQueue(shortLease(), 3);
        JobQueue other = anotherWorker(queue);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        JobLease first = take(queue, CRAWL);

        assertThat(reapAfterExpiry(other, CRAWL)).containsExactly(new AbandonedJob(id, CRAWL, 1, false));
        assertThat(queue.pending(CRAWL)).isEqualTo(1);
        assertThat(queue.inProgress(CRAWL)).isEmpty();

        JobLease second = take(other, CRAWL);
        assertThat(second.jobId()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.redelivered()).isTrue();
        assertThat(queue.renew(first)).as("the first worker lost the job").isFalse();
        assertThat(queue.complete(first)).isFalse();
        assertThat(queue.release(first)).isFalse();
        assertThat(queue.inProgress(CRAWL)).containsExactly(id);
        assertThat(other.renew(second)).isTrue();
        assertThat(other.complete(second)).isTrue();
        assertThat(queue.inProgress(CRAWL)).isEmpty();
    }

    @Test
    void a_job_abandoned_max_attempts_times_is_poisoned_and_leaves_the_queue() throws Exception {
        assumeTrue(leasesExpire(), "leases of this queue do not expire");
        JobQueue queue = newQueue(shortLease(), 2);
        UUID id = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        queue.enqueue(healthy, CRAWL);

        assertThat(take(queue, CRAWL).attempt()).isEqualTo(1);
        assertThat(reapAfterExpiry(queue, CRAWL)).containsExactly(new AbandonedJob(id, CRAWL, 1, false));
        JobLease h = take(queue, CRAWL);
        assertThat(h.jobId()).as("queued again behind the jobs already waiting").isEqualTo(healthy);
        assertThat(queue.complete(h)).isTrue();
        assertThat(take(queue, CRAWL).attempt()).isEqualTo(2);
        assertThat(reapAfterExpiry(queue, CRAWL)).containsExactly(new AbandonedJob(id, CRAWL, 2, true));

        assertThat(queue.pending(CRAWL)).isZero();
        assertThat(queue.inProgress(CRAWL)).isEmpty();
        assertThat(queue.take(CRAWL, SHORT_WAIT)).isEmpty();
        assertThat(queue.reap(CRAWL)).isEmpty();

        queue.enqueue(id, CRAWL); // a retry by hand starts counting anew
        assertThat(take(queue, CRAWL).attempt()).isEqualTo(1);
    }

    @Test
    void completing_forgets_the_attempts() throws Exception {
        assumeTrue(leasesExpire(), "leases of this queue do not expire");
        JobQueue queue = newQueue(shortLease(), 3);
        UUID id = UUID.randomUUID();
        queue.enqueue(id, CRAWL);
        take(queue, CRAWL);
        assertThat(reapAfterExpiry(queue, CRAWL)).hasSize(1);
        assertThat(queue.complete(take(queue, CRAWL))).isTrue();

        queue.enqueue(id, CRAWL);
        assertThat(take(queue, CRAWL).attempt()).isEqualTo(1);
    }

    @Test
    void each_expired_lease_is_reported_to_one_of_many_reapers() throws Exception {
        assumeTrue(leasesExpire(), "leases of this queue do not expire");
        JobQueue queue = newQueue(shortLease(), 3);
        List<UUID> ids = ids(20);
        ids.forEach(id -> queue.enqueue(id, CRAWL));
        for (int i = 0; i < ids.size(); i++) {
            take(queue, CRAWL);
        }
        Thread.sleep(shortLease().toMillis() * 2);

        int reapers = 4;
        ConcurrentLinkedQueue<AbandonedJob> reported = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(reapers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < reapers; i++) {
                JobQueue worker = anotherWorker(queue);
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < 5; k++) {
                        reported.addAll(worker.reap(CRAWL));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<UUID> once = new HashSet<>();
        reported.forEach(a -> assertThat(once.add(a.jobId())).as("reported twice: " + a).isTrue());
        assertThat(once).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(queue.pending(CRAWL)).isEqualTo(ids.size());
    }
}
