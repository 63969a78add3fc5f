package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.coverage.UrlReason;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of a crawl: one virtual thread per URL in flight, results handed back through a queue that
 * only the coordinator reads. The coordinator bounds how many run at once; closing interrupts whatever still runs
 * (a cancelled crawl does not wait for its fetches).
 */
final class Workers implements AutoCloseable {

    private final PageTask task;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("kh-crawl-", 0).factory());
    private final BlockingQueue<TaskResult> results = new LinkedBlockingQueue<>();
    /** The URLs in flight, in the order they were submitted; touched by the coordinator only. */
    private final Set<String> running = new LinkedHashSet<>();

    Workers(PageTask task) {
        this.task = task;
    }

    void submit(Frontier.Entry entry) {
        running.add(entry.url());
        executor.execute(() -> results.add(runSafely(entry)));
    }

    /** The next finished URL, or null when none finished within {@code millis}. */
    TaskResult poll(long millis) throws InterruptedException {
        TaskResult result = results.poll(millis, TimeUnit.MILLISECONDS);
        if (result != null) {
            running.remove(result.url());
        }
        return result;
    }

    int inFlight() {
        return running.size();
    }

    /** The URLs taken and not finished yet (abandoned when a crawl stops at its deadline). */
    List<String> inFlightUrls() {
        return List.copyOf(running);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private TaskResult runSafely(Frontier.Entry entry) {
        try {
            return task.run(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskResult.Failed(entry.url(), entry.depth(), entry.url(), 0, UrlReason.CANCELLED, "cancelled");
        } catch (RuntimeException e) {
            // a bug in one page's handling must not hang the crawl waiting for its result
            return new TaskResult.Failed(entry.url(), entry.depth(), entry.url(), 0, UrlReason.INTERNAL_ERROR, "internal error: " + e);
        }
    }
}
