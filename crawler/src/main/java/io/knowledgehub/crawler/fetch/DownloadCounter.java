package io.knowledgehub.crawler.fetch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of response bodies one crawl has downloaded (decoded, as kept), robots.txt and sitemaps included: what
 * a crawl's byte bound ({@code kh.crawler.max-crawl-bytes}, the source's {@code max_total_bytes}) is checked
 * against. Shared by the fetch policies of one crawl; thread-safe.
 */
public final class DownloadCounter {

    private final AtomicLong bytes = new AtomicLong();

    void add(long n) {
        bytes.addAndGet(n);
    }

    public long total() {
        return bytes.get();
    }
}
