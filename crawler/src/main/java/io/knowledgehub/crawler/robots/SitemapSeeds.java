package io.knowledgehub.crawler.robots;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.scope.CrawlScope;
import io.knowledgehub.crawler.scope.UrlNormalizer;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Extra crawl seeds from the site's sitemaps: those robots.txt lists, else {@code /sitemap.xml} when it exists.
 * Sitemap indexes are followed, within bounds (a site cannot make the crawler read sitemaps without end). Only URLs
 * in the crawl's scope are returned; unreadable sitemaps are ignored, they are a hint, not a requirement.
 */
public final class SitemapSeeds {

    private final FetchPolicy policy;
    private final CrawlScope scope;
    private final long maxBytes;
    private final int maxSitemaps;
    private final int maxUrls;

    public SitemapSeeds(FetchPolicy policy, CrawlScope scope, long maxBytes, int maxSitemaps, int maxUrls) {
        this.policy = policy;
        this.scope = scope;
        this.maxBytes = maxBytes;
        this.maxSitemaps = maxSitemaps;
        this.maxUrls = maxUrls;
    }

    /** @return normalised in-scope page URLs, in sitemap order, without duplicates */
    public List<String> read(RobotsRules robots) throws InterruptedException {
        Deque<String> pending = new ArrayDeque<>();
        for (String listed : robots.sitemaps()) {
            String url = UrlNormalizer.normalize(listed);
            if (url != null && scope.sameSite(URI.create(url))) {
                pending.add(url);
            }
        }
        if (pending.isEmpty()) {
            pending.add(URI.create(scope.baseUrl()).resolve("/sitemap.xml").toString());
        }
        SiteMapParser parser = new SiteMapParser(false);
        FetchPlan plan = FetchPlan.resource(url -> scope.sameSite(URI.create(url)), maxBytes);
        Set<String> visited = new HashSet<>();
        Set<String> seeds = new LinkedHashSet<>();
        while (!pending.isEmpty() && visited.size() < maxSitemaps && seeds.size() < maxUrls) {
            String sitemapUrl = pending.poll();
            if (!visited.add(sitemapUrl)) {
                continue;
            }
            if (!(policy.fetch(sitemapUrl, plan) instanceof FetchOutcome.Fetched fetched)) {
                continue;
            }
            AbstractSiteMap sitemap;
            try {
                sitemap = parser.parseSiteMap(fetched.response().contentType(), fetched.response().body(),
                        URI.create(fetched.url()).toURL());
            } catch (UnknownFormatException | IOException | RuntimeException e) {
                continue;
            }
            if (sitemap instanceof SiteMapIndex index) {
                for (AbstractSiteMap child : index.getSitemaps()) {
                    String childUrl = UrlNormalizer.normalize(child.getUrl().toString());
                    if (childUrl != null && scope.sameSite(URI.create(childUrl))) {
                        pending.add(childUrl);
                    }
                }
            } else if (sitemap instanceof SiteMap urls) {
                for (SiteMapURL entry : urls.getSiteMapUrls()) {
                    String url = UrlNormalizer.normalize(entry.getUrl().toString());
                    if (scope.contains(url) && seeds.size() < maxUrls) {
                        seeds.add(url);
                    }
                }
            }
        }
        return List.copyOf(seeds);
    }
}
