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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extra crawl seeds from the site's sitemaps: those robots.txt lists, else {@code /sitemap.xml} when it exists.
 * Sitemap indexes are followed, within bounds (a site cannot make the crawler read sitemaps without end). Only URLs
 * in the crawl's scope are returned; unreadable sitemaps are ignored, they are a hint, not a requirement.
 *
 * <p>A gzip-compressed sitemap ({@code sitemap.xml.gz}) is decompressed here, never past {@code maxBytes}: the
 * parser would otherwise inflate a small hostile file into gigabytes. Sitemaps left out for their size, and seeds
 * over the limit, are reported in {@link #notes()}.
 */
public final class SitemapSeeds {

    private final FetchPolicy policy;
    private final CrawlScope scope;
    private final long maxBytes;
    private final int maxSitemaps;
    private final int maxUrls;
    private final List<String> notes = new ArrayList<>();

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
        boolean seedsCapped = false;
        while (!pending.isEmpty() && visited.size() < maxSitemaps && seeds.size() < maxUrls) {
            String sitemapUrl = pending.poll();
            if (!visited.add(sitemapUrl)) {
                continue;
            }
            FetchOutcome outcome = policy.fetch(sitemapUrl, plan);
            if (outcome instanceof FetchOutcome.Skipped skipped) {
                notes.add("The sitemap " + sitemapUrl + " was ignored: " + skipped.reason() + ".");
                continue;
            }
            if (!(outcome instanceof FetchOutcome.Fetched fetched)) {
                continue;
            }
            byte[] body = fetched.response().body();
            String type = fetched.response().contentType();
            if (isGzip(body)) {
                try {
                    body = inflate(body, maxBytes);
                } catch (IOException e) {
                    continue;
                }
                if (body == null) {
                    notes.add("The sitemap " + sitemapUrl + " was ignored: larger than " + maxBytes
                            + " bytes once decompressed.");
                    continue;
                }
                type = looksLikeXml(body) ? "text/xml" : "text/plain";
            }
            AbstractSiteMap sitemap;
            try {
                sitemap = parser.parseSiteMap(type, body, URI.create(fetched.url()).toURL());
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
                    if (scope.contains(url)) {
                        if (seeds.size() < maxUrls) {
                            seeds.add(url);
                        } else if (!seeds.contains(url)) {
                            seedsCapped = true;
                        }
                    }
                }
            }
        }
        if (seedsCapped || (!pending.isEmpty() && seeds.size() >= maxUrls)) {
            notes.add("The sitemaps list more than " + maxUrls + " pages; the first " + maxUrls
                    + " were taken as crawl seeds (pages linked from those are still found).");
        } else if (pending.stream().anyMatch(url -> !visited.contains(url))) {
            notes.add("The site has more than " + maxSitemaps + " sitemaps; the first " + maxSitemaps + " were read.");
        }
        return List.copyOf(seeds);
    }

    /** Sentences about sitemaps left out by the last {@link #read}, for the crawl's warnings. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    /** The decompressed bytes, or null when there are more than {@code max}. */
    static byte[] inflate(byte[] gzip, long max) throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, max);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, gzip.length * 4 + 1024));
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + (long) n > limit) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static boolean looksLikeXml(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < body.length && body[i] == '<';
    }
}
