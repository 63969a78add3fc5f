package io.knowledgehub.crawler.job;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.crawler.engine.CrawlEngine;
import io.knowledgehub.crawler.engine.CrawlerSettings;
import io.knowledgehub.crawler.fetch.HttpPageFetcher;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java crawl engine into the application. */
public class CrawlerBeans {

    @Produces
    @Singleton
    CrawlerSettings settings(CrawlerConfig c, AddressGuard addresses) {
        return new CrawlerSettings(c.userAgent(), c.robotsAgent(), c.maxConcurrency(), c.connectTimeout(),
                c.requestTimeout(), c.maxResponseBytes(), c.maxRedirects(), c.maxRetries(), c.maxRetryAfter(), addresses);
    }

    @Produces
    @Singleton
    HttpPageFetcher fetcher(CrawlerSettings settings) {
        return new HttpPageFetcher(settings);
    }

    void close(@Disposes HttpPageFetcher fetcher) {
        fetcher.close();
    }

    @Produces
    @Singleton
    CrawlEngine engine(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts) {
        return new CrawlEngine(fetcher, settings, hosts);
    }
}
