package io.knowledgehub.crawler.robots;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import io.knowledgehub.crawler.fetch.FetchPlan;
import io.knowledgehub.crawler.fetch.FetchPolicy;
import io.knowledgehub.crawler.scope.CrawlScope;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A site's robots.txt as it applies to our agent: which URLs may be fetched, the Crawl-delay, the sitemaps it
 * lists. Parsed by crawler-commons' {@link SimpleRobotRulesParser}.
 *
 * <p>A robots.txt that answers 4xx (usually 404) allows everything, as the robots exclusion protocol says. One
 * that cannot be read at all (5xx, transport errors, after the fetch retries) also allows everything here: the
 * protocol would have us stop, but a crawl that skips every page would then remove the whole source from the
 * knowledge base as "no longer linked", which is worse than one polite crawl.
 */
public final class RobotsRules {

    private static final long MAX_ROBOTS_BYTES = 512 * 1024;

    private final BaseRobotRules rules;
    private final String source;

    private RobotsRules(BaseRobotRules rules, String source) {
        this.rules = rules;
        this.source = source;
    }

    public static RobotsRules allowAll() {
        return new RobotsRules(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), "none");
    }

    /** Parses robots.txt content; mainly for tests. */
    public static RobotsRules parse(String robotsUrl, byte[] content, String robotsAgent) {
        // crawler-commons turns a Crawl-delay above its own maximum (300 s) into "disallow everything"; the crawler
        // applies kh.crawler.max-crawl-delay itself and tells the user, so the parser keeps any delay as it is
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE, SimpleRobotRulesParser.DEFAULT_MAX_WARNINGS);
        return new RobotsRules(parser.parseContent(robotsUrl, content, "text/plain", List.of(robotsAgent)), robotsUrl);
    }

    /** Fetches and parses {@code /robots.txt} of the scope's site. */
    public static RobotsRules fetch(FetchPolicy policy, CrawlScope scope, String robotsAgent) throws InterruptedException {
        String robotsUrl = URI.create(scope.baseUrl()).resolve("/robots.txt").toString();
        FetchPlan plan = FetchPlan.resource(url -> scope.sameSite(URI.create(url)), MAX_ROBOTS_BYTES);
        FetchOutcome outcome = policy.fetch(robotsUrl, plan);
        if (outcome instanceof FetchOutcome.Fetched fetched) {
            return parse(robotsUrl, fetched.response().body(), robotsAgent);
        }
        return allowAll();
    }

    public boolean allowed(String url) {
        return rules.isAllowed(url);
    }

    /** The Crawl-delay for our agent, zero when none is set. */
    public Duration crawlDelay() {
        long millis = rules.getCrawlDelay();
        return millis == BaseRobotRules.UNSET_CRAWL_DELAY || millis <= 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    /** Sitemap URLs listed in robots.txt, as written there. */
    public List<String> sitemaps() {
        return List.copyOf(rules.getSitemaps());
    }

    @Override
    public String toString() {
        return "robots.txt " + source;
    }
}
