package io.knowledgehub.crawler.engine;

/** Lets another thread stop a running crawl. A cancelled crawl returns within about a second, keeping what it stored. */
public final class CrawlControl {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
