package io.knowledgehub.benchmarks;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What {@code bench-searchable} reads from {@code /proc} about where the app's CPU went: read from this JVM's own threads. */
class ThreadCpuTest {

    @BeforeEach
    void linux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "reads Linux's /proc");
    }

    @Test
    void a_named_threads_work_is_counted_under_its_kind() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.of(pid);
        assertThat(before.ticks()).as("this JVM's threads").isNotEmpty();
        assertThat(before.process()).isPositive();

        // about 0.4 s of CPU on a thread named like the app's embedding workers (alive at the second look), another
        // 0.4 s on one that has ended by then: its time is only in the process's total
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread model = burnThenWait("embed-all-MiniLM-L6-v2-0", 400, burned, release);
        Thread ended = new Thread(() -> burn(400), "somebody-else");
        ended.start();
        ended.join();
        awaitGone("somebody-else");
        burned.await();
        Map<String, Double> seconds;
        try {
            seconds = ThreadCpu.of(pid).minus(before);
        } finally {
            release.countDown();
            model.join();
        }

        assertThat(seconds.get("embedding model")).isBetween(0.3, 0.6);
        assertThat(seconds.get("threads ended in the window")).isGreaterThanOrEqualTo(0.3);
        assertThat(seconds.get("process")).isGreaterThanOrEqualTo(seconds.get("embedding model") + 0.3);
        assertThat(ThreadCpu.describe(seconds)).startsWith("embedding model 0.").contains("CPU-s in all");
    }

    @Test
    void a_thread_that_ended_keeps_the_time_an_earlier_look_saw() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.of(pid);
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = burnThenWait("index-writer", 300, burned, release);
        burned.await();
        ThreadCpu seen = before.then(ThreadCpu.of(pid));
        release.countDown();
        writer.join();
        awaitGone("index-writer");

        Map<String, Double> looked = seen.then(ThreadCpu.of(pid)).minus(before);
        Map<String, Double> notLooked = ThreadCpu.of(pid).minus(before);
        assertThat(looked.get("index writer and merges")).isBetween(0.2, 0.5);
        assertThat(notLooked.get("index writer and merges")).isZero();
        assertThat(notLooked.get("threads ended in the window")).isGreaterThanOrEqualTo(0.2);
    }

    @Test
    void threads_are_told_apart_by_the_names_proc_keeps() {
        // Linux keeps 15 characters of a thread's name
        assertThat(ThreadCpu.kind("embed-all-MiniL")).isEqualTo("embedding model");
        assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.kind("C1 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.kind("index-writer")).isEqualTo("index writer and merges");
        assertThat(ThreadCpu.kind("rag-worker-0")).isEqualTo("indexing worker");
        assertThat(ThreadCpu.kind("executor-thread")).isEqualTo("HTTP and searches");
        assertThat(ThreadCpu.kind("G1 Conc#0")).isEqualTo("garbage collector");
        assertThat(ThreadCpu.kind("ForkJoinPool-1-")).isEqualTo("virtual threads (crawl fetches)");
        assertThat(ThreadCpu.kind("Reference Handl")).isEqualTo("other");
    }

    /** Waits until no thread of this name is left in /proc (a joined thread is still torn down for a moment). */
    private static void awaitGone(String name) throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ThreadCpu.of(pid).ticks().values().stream().anyMatch(t -> t.name().equals(name))) {
            assertThat(System.nanoTime() - deadline).as("thread " + name + " gone from /proc").isNegative();
            Thread.sleep(10);
        }
    }

    /**
     * A started thread of this name that spins for {@code millis} of its own CPU time, counts {@code burned} down, and
     * stays alive until {@code release} is counted down.
     */
    private static Thread burnThenWait(String name, long millis, CountDownLatch burned, CountDownLatch release) {
        Thread t = new Thread(() -> {
            burn(millis);
            burned.countDown();
            awaitQuietly(release);
        }, name);
        t.start();
        return t;
    }

    /** Spins for {@code millis} of this thread's own CPU time. */
    private static void burn(long millis) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = bean.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 0;
        while (bean.getCurrentThreadCpuTime() < end) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
