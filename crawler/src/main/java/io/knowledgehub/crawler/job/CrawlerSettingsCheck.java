package io.knowledgehub.crawler.job;

import io.knowledgehub.core.SettingsCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The crawler's settings in their ranges at start, or a refusal naming each one ({@link SettingsCheck}). */
@ApplicationScoped
public class CrawlerSettingsCheck {

    private final CrawlerConfig config;

    CrawlerSettingsCheck(CrawlerConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        SettingsCheck.Problems p = new SettingsCheck.Problems();
        p.atLeast("KH_CRAWLER_MAX_CONCURRENCY", config.maxConcurrency(), 1, "pages a crawl fetches at once");
        p.positive("KH_CRAWLER_CONNECT_TIMEOUT", config.connectTimeout(), "how long a connection may take to open");
        p.positive("KH_CRAWLER_REQUEST_TIMEOUT", config.requestTimeout(), "how long a page may take to arrive");
        p.atLeast("KH_CRAWLER_MAX_RESPONSE_BYTES", config.maxResponseBytes(), 1, "the largest page read");
        p.atLeast("KH_CRAWLER_MAX_REDIRECTS", config.maxRedirects(), 0, "redirects followed for one page");
        p.atLeast("KH_CRAWLER_MAX_RETRIES", config.maxRetries(), 0, "retries of a page that failed for the server's or the network's sake");
        p.atLeast("KH_CRAWLER_MAX_LINKS_PER_PAGE", config.maxLinksPerPage(), 1, "links read from one page");
        p.atLeast("KH_CRAWLER_MAX_FRONTIER", config.maxFrontier(), 1, "pages a crawl may have waiting");
        p.atLeast("KH_CRAWLER_MAX_CRAWL_BYTES", config.maxCrawlBytes(), 1, "bytes one crawl may download");
        p.atLeast("KH_CRAWLER_MAX_PDF_BYTES", config.maxPdfBytes(), 1, "the largest PDF read");
        p.atLeast("KH_CRAWLER_MAX_PDF_PAGES", config.maxPdfPages(), 1, "pages of a PDF read");
        p.atLeast("KH_CRAWLER_RENDER_CONCURRENCY", config.renderConcurrency(), 1, "pages rendered in Chromium at once");
        p.positive("KH_CRAWLER_RENDER_TIMEOUT", config.renderTimeout(), "how long rendering one page may take");
        p.refuseIfAny();
    }
}
