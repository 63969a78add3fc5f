package io.knowledgehub.crawler.testing;

import io.knowledgehub.crawler.engine.CrawlListener;
import io.knowledgehub.crawler.engine.CrawlStats;
import io.knowledgehub.crawler.engine.PageOutcome;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps every outcome and progress report of a crawl, and the thread that delivered them. */
public final class RecordingListener implements CrawlListener {

    public final List<PageOutcome> outcomes = new ArrayList<>();
    public final List<CrawlStats> progress = new ArrayList<>();
    public final List<Thread> callerThreads = new ArrayList<>();
    private final Consumer<PageOutcome> onEach;

    public RecordingListener() {
        this(o -> { });
    }

    public RecordingListener(Consumer<PageOutcome> onEach) {
        this.onEach = onEach;
    }

    @Override
    public void onPage(PageOutcome outcome) {
        callerThreads.add(Thread.currentThread());
        outcomes.add(outcome);
        onEach.accept(outcome);
    }

    @Override
    public void onProgress(CrawlStats stats) {
        callerThreads.add(Thread.currentThread());
        progress.add(stats);
    }

    /** Paths (plus {@code ?query}) of the outcomes of one kind, in emission order. */
    public List<String> paths(PageOutcome.Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).map(o -> path(o.url())).toList();
    }

    /** Paths of every outcome, any kind. */
    public List<String> paths() {
        return outcomes.stream().map(o -> path(o.url())).toList();
    }

    public PageOutcome at(String path) {
        return outcomes.stream().filter(o -> path(o.url()).equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + path + " in " + paths()));
    }

    public static String path(String url) {
        URI uri = URI.create(url);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
