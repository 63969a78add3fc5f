package io.knowledgehub.crawler.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Process-wide crawler settings ({@code kh.crawler.*}); a source's own config is per source. */
@ConfigMapping(prefix = "kh.crawler")
public interface CrawlerConfig {

    /** User-Agent header sent with every request. */
    @WithDefault("KnowledgeHub/0.1 (documentation crawler)")
    String userAgent();

    /** Product token matched against robots.txt User-agent groups. */
    @WithDefault("knowledgehub")
    String robotsAgent();

    /** Parallel requests to one host when the effective crawl delay is 0. */
    @WithDefault("8")
    int maxConcurrency();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for a whole response. */
    @WithDefault("20s")
    Duration requestTimeout();

    /** Pages larger than this are skipped and counted in pages_skipped. */
    @WithDefault("10485760")
    long maxResponseBytes();

    /** Redirects followed for one URL; each target must stay in the source's scope. */
    @WithDefault("5")
    int maxRedirects();

    /** Retries of a transient failure (connection error, 5xx, 429). */
    @WithDefault("2")
    int maxRetries();

    /** Longest Retry-After honoured; a server asking for more fails the page. */
    @WithDefault("30s")
    Duration maxRetryAfter();

    /**
     * The longest robots.txt Crawl-delay accepted. A site that asks for more is not crawled: the crawl fails with a
     * message naming the delay it asks for (a crawl of a few hundred pages would otherwise take days).
     */
    @WithDefault("60s")
    Duration maxCrawlDelay();

    /**
     * In-scope links followed from one page; the rest of a longer list is left out and the crawl's warnings say how
     * many pages were cut, so that one page of endless links cannot flood a crawl.
     */
    @WithDefault("5000")
    int maxLinksPerPage();

    /**
     * Distinct URLs one crawl keeps track of; links to further URLs are not followed (reason {@code frontier_full} in
     * the coverage report) and the crawl warns, so a site of endless links cannot fill the memory.
     */
    @WithDefault("100000")
    int maxFrontier();

    /**
     * Bytes of response bodies one crawl downloads at most (robots.txt and sitemaps included); beyond it the crawl
     * stops taking URLs and warns (reason {@code max_total_bytes}). A source's {@code max_total_bytes} can set less.
     */
    @WithDefault("4294967296")
    long maxCrawlBytes();

    /** PDF documents (application/pdf) are fetched and indexed, one section per PDF page. */
    @WithDefault("true")
    boolean pdfEnabled();

    /** PDFs larger than this are skipped as too large (HTML pages keep max-response-bytes). */
    @WithDefault("52428800")
    long maxPdfBytes();

    /** Pages read from one PDF; the rest of a longer document is left out. */
    @WithDefault("500")
    int maxPdfPages();

    /** The Chromium executable that renders pages of render_js sources (env KH_CRAWLER_CHROMIUM_PATH). */
    @WithDefault("/usr/bin/chromium")
    String chromiumPath();

    /** Pages rendered in Chromium at once (each its own Chromium process), across all crawls of this process. */
    @WithDefault("2")
    int renderConcurrency();

    /** The most one rendered page may take, Chromium's start included; a slower page fails. */
    @WithDefault("15s")
    Duration renderTimeout();

    /** Virtual time a page's scripts get before its DOM is read. */
    @WithDefault("5s")
    Duration renderScriptBudget();
}
