package io.knowledgehub.core.job;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseKeeperTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static JobLease takeOne(JobQueue queue) throws InterruptedException {
        queue.enqueue(UUID.randomUUID(), JobType.CRAWL);
        return queue.take(JobType.CRAWL, Duration.ofSeconds(1)).orElseThrow();
    }

    @Test
    void renewals_on_the_timer_keep_the_job_with_its_worker() throws Exception {
        InProcessJobQueue queue = new InProcessJobQueue(Duration.ofMillis(300), 3);
        long taken = System.nanoTime();
        JobLease lease = takeOne(queue);
        try (LeaseKeeper keeper = new LeaseKeeper(queue, lease, taken, System::nanoTime).start(timer)) {
            for (int i = 0; i < 10; i++) {
                Thread.sleep(100);
                assertThat(queue.reap(JobType.CRAWL)).isEmpty();
            }
            assertThat(keeper.shouldStop()).isFalse();
            assertThat(keeper.stillHeld()).isEqualTo(LeaseKeeper.Holding.HELD);
        }
        assertThat(queue.complete(lease)).isTrue();
    }

    @Test
    void a_lease_taken_over_stops_the_job_and_is_not_ours_to_end() throws Exception {
        InProcessJobQueue queue = new InProcessJobQueue(Duration.ofMillis(100), 3);
        JobLease lease = takeOne(queue);
        LeaseKeeper keeper = new LeaseKeeper(queue, lease, System.nanoTime(), System::nanoTime); // timer not started
        Thread.sleep(150);
        assertThat(queue.reap(JobType.CRAWL)).hasSize(1);
        assertThat(queue.take(JobType.CRAWL, Duration.ofSeconds(1))).isPresent();

        keeper.renew();
        assertThat(keeper.shouldStop()).isTrue();
        assertThat(keeper.stillHeld()).isEqualTo(LeaseKeeper.Holding.LOST);
    }

    @Test
    void a_worker_that_cannot_confirm_its_lease_for_a_whole_duration_stops() throws Exception {
        InProcessJobQueue real = new InProcessJobQueue(Duration.ofSeconds(30), 3);
        AtomicBoolean reachable = new AtomicBoolean(true);
        JobQueue flaky = new JobQueue() {
            public void enqueue(UUID id, JobType type) { real.enqueue(id, type); }
            public Optional<JobLease> take(JobType type, Duration wait) throws InterruptedException { return real.take(type, wait); }
            public boolean renew(JobLease lease) {
                if (!reachable.get()) {
                    throw new QueueUnavailableException("queue unreachable", null);
                }
                return real.renew(lease);
            }
            public boolean complete(JobLease lease) { return real.complete(lease); }
            public boolean release(JobLease lease) { return real.release(lease); }
            public List<AbandonedJob> reap(JobType type) { return real.reap(type); }
            public long pending(JobType type) { return real.pending(type); }
            public Set<UUID> waiting(JobType type) { return real.waiting(type); }
            public Set<UUID> inProgress(JobType type) { return real.inProgress(type); }
        };
        AtomicLong clock = new AtomicLong(1_000);
        JobLease lease = takeOne(flaky);
        LeaseKeeper keeper = new LeaseKeeper(flaky, lease, clock.get(), clock::get);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(20));
        keeper.renew();
        assertThat(keeper.shouldStop()).isFalse();

        reachable.set(false);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(20));
        keeper.renew();
        assertThat(keeper.shouldStop()).as("30 s since the last confirmed renewal was sent").isFalse();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(keeper.shouldStop()).isTrue();
        assertThat(keeper.stillHeld()).as("unreachable: not known to be held").isEqualTo(LeaseKeeper.Holding.UNKNOWN);

        reachable.set(true);
        assertThat(keeper.stillHeld()).as("the queue still has it as ours: the worker can hand it back").isEqualTo(LeaseKeeper.Holding.HELD);
    }
}
