package io.knowledgehub.api.dashboard;

import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Recent activity of this api process for the dashboard charts: search latency per minute and the index size
 * sampled every minute, over the last {@value #MINUTES} minutes. Kept in memory: the charts start afresh when
 * the process starts (the crawl chart comes from the jobs table and survives restarts).
 */
@ApplicationScoped
public class Activity {

    static final int MINUTES = 120;

    /** Searches answered in one minute: count, mean and slowest time. */
    public record LatencyPoint(Instant minute, long searches, double meanMs, long maxMs) {
    }

    public record SizePoint(Instant at, long chunks) {
    }

    private static final class Bucket {
        final long minute;
        long count;
        long totalMs;
        long maxMs;

        Bucket(long minute) {
            this.minute = minute;
        }
    }

    private final SearchIndex index;
    private final Deque<Bucket> latency = new ArrayDeque<>();
    private final Deque<SizePoint> sizes = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-sampler");
        t.setDaemon(true);
        return t;
    });

    public Activity(SearchIndex index) {
        this.index = index;
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleAtFixedRate(this::sampleIndexSize, 0, 1, TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    public synchronized void recordSearch(long tookMs) {
        long minute = System.currentTimeMillis() / 60_000;
        Bucket last = latency.peekLast();
        if (last == null || last.minute != minute) {
            last = new Bucket(minute);
            latency.addLast(last);
            while (latency.size() > MINUTES) {
                latency.removeFirst();
            }
        }
        last.count++;
        last.totalMs += tookMs;
        last.maxMs = Math.max(last.maxMs, tookMs);
    }

    public synchronized List<LatencyPoint> searchLatency() {
        List<LatencyPoint> out = new ArrayList<>();
        long oldest = System.currentTimeMillis() / 60_000 - MINUTES;
        for (Bucket b : latency) {
            if (b.minute > oldest) {
                out.add(new LatencyPoint(Instant.ofEpochMilli(b.minute * 60_000), b.count, (double) b.totalMs / b.count, b.maxMs));
            }
        }
        return out;
    }

    public synchronized List<SizePoint> indexSize() {
        return List.copyOf(sizes);
    }

    /** Also called when the dashboard is read, so the chart ends with the current size. */
    void sampleIndexSize() {
        long chunks;
        try {
            chunks = index.chunkCount();
        } catch (RuntimeException e) {
            return; // the index being unavailable shows on the health panel, not as a gap worth failing for
        }
        synchronized (this) {
            Instant now = Instant.now();
            SizePoint last = sizes.peekLast();
            // within the same minute the newest reading replaces the previous one
            if (last != null && now.toEpochMilli() / 60_000 == last.at().toEpochMilli() / 60_000) {
                sizes.removeLast();
            }
            sizes.addLast(new SizePoint(now, chunks));
            while (sizes.size() > MINUTES) {
                sizes.removeFirst();
            }
        }
    }
}
