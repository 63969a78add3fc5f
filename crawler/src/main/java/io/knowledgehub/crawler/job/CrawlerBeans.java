package io.knowledgehub.crawler.job;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.crawl.PageRendering;
import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.crawler.settings.CrawlBounds;
import io.knowledgehub.crawler.engine.CrawlEngine;
import io.knowledgehub.crawler.engine.ContentSettings;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.fetch.HttpPageFetcher;
import io.knowledgehub.crawler.render.ChromiumSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** Wires the plain-Java crawl engine into the application. */
public class CrawlerBeans {

    @Produces
    @Singleton
    CrawlerSettings settings(CrawlerConfig c, AddressGuard addresses) {
        return new CrawlerSettings(c.userAgent(), c.robotsAgent(), c.maxConcurrency(), c.connectTimeout(),
                c.requestTimeout(), c.maxResponseBytes(), c.maxRedirects(), c.maxRetries(), c.maxRetryAfter(), addresses,
                new CrawlBounds(c.maxCrawlDelay(), c.maxLinksPerPage(), c.maxFrontier(), c.maxCrawlBytes()));
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
    ContentSettings content(CrawlerConfig c) {
        return new ContentSettings(c.pdfEnabled(), c.maxPdfBytes(), c.maxPdfPages(),
                new ChromiumSettings(Path.of(c.chromiumPath()), c.renderConcurrency(), c.renderTimeout(),
                        c.renderScriptBudget()));
    }

    /** Whether render_js sources can be crawled here: Chromium is where kh.crawler.chromium-path says. */
    @Produces
    @Singleton
    PageRendering rendering(ContentSettings content) {
        return () -> content.chromium().unavailable();
    }

    @Produces
    @Singleton
    CrawlEngine engine(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts, ContentSettings content) {
        return new CrawlEngine(fetcher, settings, hosts, content);
    }
}
