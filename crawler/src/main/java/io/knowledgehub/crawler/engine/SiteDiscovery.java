package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.fetch.CrawlThrottle;
import io.knowledgehub.crawler.fetch.DeniedHosts;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.robots.LlmsTxtSeeds;
import io.knowledgehub.crawler.robots.RobotsRules;
import io.knowledgehub.crawler.robots.SitemapSeeds;
import io.knowledgehub.crawler.scope.CrawlScope;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The first step of a crawl: what the site says about being crawled. Reads robots.txt, settles the politeness
 * (the effective delay and the throttle every later request goes through) and collects sitemap and llms.txt seeds.
 */
final class SiteDiscovery {

    private static final int MAX_SITEMAPS = 50;
    private static final int MAX_SITEMAP_URLS = 50_000;

    /** What discovery found: the rules to obey, the throttle to use, extra seeds at depth 1. */
    record Site(RobotsRules robots, CrawlThrottle throttle, List<String> seeds) {
    }

    private final PageFetcher fetcher;
    private final CrawlerSettings settings;
    private final HostThrottle hosts;
    private final DeniedHosts denied;

    SiteDiscovery(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts, DeniedHosts denied) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.hosts = hosts;
        this.denied = denied;
    }

    /**
     * @param configDelay the source's delay in seconds for this crawl mode
     * @param parallelism requests at once when no delay applies
     */
    Site discover(CrawlScope scope, SourceConfig config, double configDelay, int parallelism) throws InterruptedException {
        // robots.txt is read under the source's own delay; its Crawl-delay then applies to every later request
        CrawlThrottle first = CrawlThrottle.of(hosts, CrawlThrottle.hostKey(scope.baseUrl()), seconds(configDelay), parallelism);
        RobotsRules robots = RobotsRules.fetch(new FetchPolicy(fetcher, first, settings, denied), scope, settings.robotsAgent());
        CrawlThrottle throttle = first.withDelay(effectiveDelay(configDelay, robots), parallelism);
        List<String> seeds = List.of();
        if (config.maxDepth() >= 1 && config.maxPages() > 1) {
            FetchPolicy policy = new FetchPolicy(fetcher, throttle, settings, denied);
            Set<String> all = new LinkedHashSet<>(new SitemapSeeds(policy, scope, settings.maxResponseBytes(),
                    MAX_SITEMAPS, MAX_SITEMAP_URLS).read(robots));
            all.addAll(new LlmsTxtSeeds(policy, scope, settings.maxResponseBytes(), MAX_SITEMAP_URLS).read());
            seeds = List.copyOf(all);
        }
        return new Site(robots, throttle, seeds);
    }

    /** The delay between two requests: the source's delay, raised to robots.txt's Crawl-delay. */
    static Duration effectiveDelay(double configSeconds, RobotsRules robots) {
        Duration config = seconds(configSeconds);
        return robots.crawlDelay().compareTo(config) > 0 ? robots.crawlDelay() : config;
    }

    static Duration seconds(double seconds) {
        return seconds <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
