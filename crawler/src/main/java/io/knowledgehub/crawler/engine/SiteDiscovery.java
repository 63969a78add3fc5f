package io.knowledgehub.crawler.engine;

import io.knowledgehub.core.crawl.HostThrottle;
import io.knowledgehub.core.crawl.PageFetcher;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.fetch.CrawlThrottle;
import io.knowledgehub.crawler.fetch.DeniedHosts;
import io.knowledgehub.crawler.fetch.DownloadCounter;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.robots.LlmsTxtSeeds;
import io.knowledgehub.crawler.robots.RobotsRules;
import io.knowledgehub.crawler.robots.SitemapSeeds;
import io.knowledgehub.crawler.scope.CrawlScope;
import io.knowledgehub.crawler.settings.CrawlerSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of a crawl: what the site says about being crawled. Reads robots.txt, settles the politeness
 * (the effective delay and the throttle every later request goes through) and collects sitemap and llms.txt seeds.
 */
final class SiteDiscovery {

    private static final int MAX_SITEMAPS = 50;
    private static final int MAX_SITEMAP_URLS = 50_000;

    /**
     * What discovery found: the rules to obey, the throttle to use, extra seeds at depth 1, and sentences about what
     * was left out (a sitemap too large, seeds over the limit) for the crawl's warnings.
     */
    record Site(RobotsRules robots, CrawlThrottle throttle, List<String> seeds, List<String> notes) {
    }

    private final PageFetcher fetcher;
    private final CrawlerSettings settings;
    private final HostThrottle hosts;
    private final DeniedHosts denied;
    private final DownloadCounter downloaded;

    SiteDiscovery(PageFetcher fetcher, CrawlerSettings settings, HostThrottle hosts, DeniedHosts denied,
                  DownloadCounter downloaded) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.hosts = hosts;
        this.denied = denied;
        this.downloaded = downloaded;
    }

    /**
     * @param configDelay the source's delay in seconds for this crawl mode
     * @param parallelism requests at once when no delay applies
     * @param storedPages pages of the source stored by earlier crawls, for the message of a crawl refused here
     * @throws CrawlFailedException when the site is not to be crawled at all: its robots.txt is unreachable, or asks
     *                              for a Crawl-delay above the maximum
     */
    Site discover(CrawlScope scope, SourceConfig config, double configDelay, int parallelism, int storedPages)
            throws InterruptedException {
        // robots.txt is read under the source's own delay; its Crawl-delay then applies to every later request
        CrawlThrottle first = CrawlThrottle.of(hosts, CrawlThrottle.hostKey(scope.baseUrl()), seconds(configDelay), parallelism);
        RobotsRules robots = RobotsRules.fetch(new FetchPolicy(fetcher, first, settings, denied, downloaded), scope, settings.robotsAgent());
        refuseUnreachableRobots(robots, storedPages);
        refuseLongCrawlDelay(robots);
        CrawlThrottle throttle = first.withDelay(effectiveDelay(configDelay, robots), parallelism);
        List<String> seeds = List.of();
        List<String> notes = List.of();
        if (config.maxDepth() >= 1 && config.maxPages() > 1) {
            FetchPolicy policy = new FetchPolicy(fetcher, throttle, settings, denied, downloaded);
            SitemapSeeds sitemaps = new SitemapSeeds(policy, scope, settings.maxResponseBytes(), MAX_SITEMAPS, MAX_SITEMAP_URLS);
            Set<String> all = new LinkedHashSet<>(sitemaps.read(robots));
            all.addAll(new LlmsTxtSeeds(policy, scope, settings.maxResponseBytes(), MAX_SITEMAP_URLS).read());
            seeds = List.copyOf(all);
            notes = sitemaps.notes();
        }
        return new Site(robots, throttle, seeds, notes);
    }

    /**
     * A robots.txt that could not be fetched because of a server or network error (5xx or 429 after the retries, a
     * timeout, a failed connection) disallows the whole site (RFC 9309 §2.3.1.4): no page, sitemap or llms.txt is
     * fetched, and the crawl ends here.
     *
     * <p>It ends <em>failed</em>, not completed with a warning: docs/job-outcomes.md makes a crawl whose robots.txt
     * disallows the base URL a failed crawl (it gave the source nothing), and "disallow everything" disallows the base
     * URL too. A failed crawl deletes nothing: no outcome is reported for any URL, so no stored page is found gone or
     * "no longer linked", and the pages stored by earlier crawls stay as they were, still searchable.
     */
    private static void refuseUnreachableRobots(RobotsRules robots, int storedPages) {
        Optional<String> reason = robots.unreachable();
        if (reason.isEmpty()) {
            return;
        }
        throw new CrawlFailedException("The site's robots.txt " + robots.source() + " could not be fetched: "
                + reason.get() + ". Under the robots.txt standard (RFC 9309) a site whose robots.txt cannot be fetched "
                + "because of a server or network error counts as disallowing everything, so nothing was crawled"
                + (storedPages == 0 ? "" : storedPages == 1 ? "; the page stored by earlier crawls was kept"
                        : "; the " + storedPages + " pages stored by earlier crawls were kept")
                + ". Check the base URL and that the site is up; the next crawl tries again.");
    }

    /**
     * A Crawl-delay above the maximum would stretch a crawl over days (and hold a worker all that time): such a
     * site is not crawled, and the message says what it asks for.
     */
    private void refuseLongCrawlDelay(RobotsRules robots) {
        Duration asked = robots.crawlDelay();
        Duration max = settings.bounds().maxCrawlDelay();
        if (asked.compareTo(max) > 0) {
            throw new CrawlFailedException("The site's robots.txt asks crawlers to wait " + seconds(asked)
                    + " s between requests (Crawl-delay), more than the " + seconds(max) + " s this server accepts "
                    + "(kh.crawler.max-crawl-delay), so the site was not crawled: at that pace even a small site would "
                    + "take days. Raise kh.crawler.max-crawl-delay if such a slow crawl is acceptable.");
        }
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
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
