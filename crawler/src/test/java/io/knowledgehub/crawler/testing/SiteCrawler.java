package io.knowledgehub.crawler.testing;

import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.engine.CrawlControl;
import io.knowledgehub.crawler.engine.CrawlEngine;
import io.knowledgehub.crawler.engine.ContentSettings;
import io.knowledgehub.crawler.engine.CrawlRequest;
import io.knowledgehub.crawler.engine.CrawlStats;
import io.knowledgehub.crawler.settings.CrawlerSettings;
import io.knowledgehub.crawler.engine.KnownPage;
import io.knowledgehub.crawler.engine.PageOutcome;
import io.knowledgehub.crawler.fetch.HttpPageFetcher;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real engine over a real HTTP client, plus the memory of a store: outcomes are applied the way the job's store
 * applies them, so a second {@link #crawl} is incremental against the first.
 */
public final class SiteCrawler {

    /** Default settings with short timeouts, so a failing test fails fast; 127.0.0.1/32 open, no DNS. */
    public static final CrawlerSettings SETTINGS = new CrawlerSettings("KnowledgeHub-test/1.0", "knowledgehub", 8,
            Duration.ofSeconds(2), Duration.ofSeconds(10), 1024 * 1024, 5, 2, Duration.ofSeconds(5),
            TestAddresses.loopbackSite());
    /** One client for every test crawl, as in the application (its pool is shared by the crawls). */
    private static final java.util.Map<CrawlerSettings, HttpPageFetcher> FETCHERS = new java.util.concurrent.ConcurrentHashMap<>();

    private final CrawlEngine engine;
    private final Map<String, KnownPage> known = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    public SiteCrawler() {
        this(SETTINGS);
    }

    public SiteCrawler(CrawlerSettings settings) {
        this.engine = new CrawlEngine(FETCHERS.computeIfAbsent(settings, HttpPageFetcher::new), settings);
    }

    /** @param content PDF and rendering settings other than the defaults */
    public SiteCrawler(ContentSettings content) {
        this.engine = new CrawlEngine(FETCHERS.computeIfAbsent(SETTINGS, HttpPageFetcher::new), SETTINGS,
                new io.knowledgehub.core.crawl.InProcessHostThrottle(), content);
    }

    public record Result(CrawlStats stats, RecordingListener recording) {
    }

    public Result crawl(URI base, SourceConfig config) throws InterruptedException {
        return crawl(base, config, false, new CrawlControl(), new RecordingListener());
    }

    public Result forceRefresh(URI base, SourceConfig config) throws InterruptedException {
        return crawl(base, config, true, new CrawlControl(), new RecordingListener());
    }

    public Result crawl(URI base, SourceConfig config, boolean force, CrawlControl control, RecordingListener listener)
            throws InterruptedException {
        CrawlRequest request = new CrawlRequest(base, config, force, known, url -> Optional.ofNullable(texts.get(url)));
        CrawlStats stats = engine.crawl(request, listener, control);
        listener.outcomes.forEach(this::remember);
        return new Result(stats, listener);
    }

    public Map<String, KnownPage> known() {
        return known;
    }

    private void remember(PageOutcome o) {
        switch (o.kind()) {
            case NEW, UPDATED -> {
                known.put(o.url(), new KnownPage(o.url(), o.page().contentHash(), o.etag(), o.lastModified(), o.outlinks(),
                        o.twin()));
                texts.put(o.url(), o.page().text());
            }
            case UNCHANGED -> {
                KnownPage before = known.get(o.url());
                known.put(o.url(), new KnownPage(o.url(), before.contentHash(), o.etag(), o.lastModified(), o.outlinks(),
                        o.twin()));
            }
            case DELETED -> {
                known.remove(o.url());
                texts.remove(o.url());
            }
            case FAILED, SKIPPED -> {
            }
        }
    }
}
