package io.knowledgehub.crawler.engine;

/**
 * Receives a crawl's results. Both methods are called from one thread (the crawl's coordinator), in order;
 * an exception thrown here fails the crawl.
 */
public interface CrawlListener {

    void onPage(PageOutcome outcome);

    /** A snapshot of the counters; called at least every 500 ms while the crawl runs and once at its end. */
    void onProgress(CrawlStats stats);
}
