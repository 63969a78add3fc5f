package io.knowledgehub.indexer.job;

import io.knowledgehub.core.job.JobsConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Merges the search index's segments into one once nothing has been written to it for
 * {@code kh.indexer.merge-after-idle} (30 s by default), where runs of writes have left several: each segment is
 * searched on its own, and one segment in their place served 1.27 times the searches a second over HTTP at 17k
 * chunks and 1.10 times at 103k (docs/benchmarks.md). Only when what lies outside the largest segment (other segments, deleted entries) is
 * at least {@link #MIN_SHARE} of the index: a small refresh of a large index does not make it write the whole index
 * again.
 *
 * <p>Runs where the index's one writer runs (standalone, the indexer service), on a thread of its own, once per quiet
 * spell. Searches and indexing go on during the merge (indexing that starts meanwhile writes new segments beside it);
 * the merge is committed, and shown to searches, under the {@link IndexWriteLock}, so never in the middle of an
 * indexing batch or a backup. Indexes without segments of their own (Weaviate) have nothing to merge, and one whose
 * merged vector graph would take more than a third of the heap is merged into as few segments as fit instead (see
 * the index's {@link SearchIndex#mergeSegments}). A quiet spell may fall in a crawl that indexing stepped aside for:
 * the merge then shares the cores with the crawl.
 */
@ApplicationScoped
public class IdleIndexMerge {

    private static final Logger LOG = Logger.getLogger(IdleIndexMerge.class);

    /** What must lie outside the largest segment, as a share of the index's entries, for a merge. */
    static final double MIN_SHARE = 0.1;

    private final SearchIndex index;
    private final IndexWriteLock writeLock;
    private final Duration idle;
    private final boolean writesIndex;
    private volatile ScheduledExecutorService timer;

    private long seenVersion = Long.MIN_VALUE;
    private long quietSince;
    /** The version a merge was last tried at: one try per quiet spell. */
    private long triedAt = Long.MIN_VALUE;

    @Inject
    public IdleIndexMerge(SearchIndex index, IndexWriteLock writeLock, JobsConfig jobs, IndexerConfig config) {
        this(index, writeLock, config.mergeAfterIdle(), jobs.workersEnabled());
    }

    IdleIndexMerge(SearchIndex index, IndexWriteLock writeLock, Duration idle, boolean writesIndex) {
        this.index = index;
        this.writeLock = writeLock;
        this.idle = idle;
        this.writesIndex = writesIndex;
    }

    void onStart(@Observes StartupEvent event) {
        if (!writesIndex || idle.isZero() || idle.isNegative() || index.segments().isEmpty()) {
            LOG.debugf("Search index segments are not merged here (indexer writes here: %s, after idle: %s, segments: %s)",
                    writesIndex, idle, index.segments());
            return;
        }
        LOG.infof("The search index's segments are merged into one (or as few as fit a third of the heap) after %s without "
                + "writes", seconds(idle));
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("index-merge").daemon().factory());
        long every = Math.clamp(idle.toMillis() / 4, 50, 5_000);
        t.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
        timer = t;
    }

    void onStop(@Observes ShutdownEvent event) {
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdown(); // not interrupted: closing the index gives up a merge still running
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException | Error e) {
            // a merge given up (the index closing, cleared meanwhile) or failed: tried again after the next write (an
            // error thrown out of the task would end the checks for good)
            LOG.warnf("Could not merge the search index's segments: %s", e.toString());
        }
    }

    /** Merges when the index has been quiet long enough and this quiet spell has not had its try; says whether it merged. */
    synchronized boolean check() {
        long version = index.version();
        long now = System.nanoTime();
        if (version != seenVersion) {
            seenVersion = version;
            quietSince = now;
            return false;
        }
        if (now - quietSince < idle.toNanos() || triedAt == version) {
            return false;
        }
        triedAt = version;
        int before = index.segments().orElse(1);
        long start = System.nanoTime();
        if (!index.mergeSegments(MIN_SHARE)) {
            return false;
        }
        writeLock.lock().lock();
        try {
            index.commit();
        } finally {
            writeLock.lock().unlock();
        }
        int after = index.segments().orElse(1);
        LOG.infof("Merged the search index's %d segments into %s in %.1f s (quiet for %s)", before,
                after == 1 ? "one" : String.valueOf(after), (System.nanoTime() - start) / 1e9, seconds(idle));
        return true;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
