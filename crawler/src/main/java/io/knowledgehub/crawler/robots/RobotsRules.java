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
import java.util.Optional;

/**
 * A site's robots.txt as it applies to our agent: which URLs may be fetched, the Crawl-delay, the sitemaps it
 * lists. Parsed by crawler-commons' {@link SimpleRobotRulesParser}.
 *
 * <p>What the fetch of robots.txt ends in decides the rules, as RFC 9309 §2.3.1 says:
 * <ul>
 *   <li>2xx: its rules;</li>
 *   <li>4xx other than 429 ("unavailable", usually 404), a redirect that cannot be followed, a body that is not
 *       usable: everything is allowed;</li>
 *   <li>"unreachable" (§2.3.1.4), i.e. 5xx or 429 after the fetch retries, a timeout, a connection refused, a host name
 *       not found, a TLS failure: everything is <em>disallowed</em> ({@link #unreachable()} says why). 429 is counted
 *       here with 503: both are the server asking us to back off, and the fetch policy retries them alike.</li>
 * </ul>
 * The crawl engine does not crawl a site whose robots.txt is unreachable at all; it ends the crawl before any page
 * and without touching what earlier crawls stored (no page is fetched, so none is found gone). No copy of an
 * earlier robots.txt is kept between crawls.
 */
public final class RobotsRules {

    private static final long MAX_ROBOTS_BYTES = 512 * 1024;

    private final BaseRobotRules rules;
    private final String source;
    /** Why robots.txt could not be fetched (a server or network error), or null when it could. */
    private final String unreachable;

    private RobotsRules(BaseRobotRules rules, String source, String unreachable) {
        this.rules = rules;
        this.source = source;
        this.unreachable = unreachable;
    }

    public static RobotsRules allowAll() {
        return new RobotsRules(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), "none", null);
    }

    /**
     * The rules for a site whose robots.txt could not be fetched because of a server or network error: complete
     * disallow (RFC 9309 §2.3.1.4).
     *
     * @param robotsUrl the robots.txt URL asked for
     * @param reason    what went wrong, as a user reads it ("HTTP 503 (still after 2 retries)", "connection refused")
     */
    public static RobotsRules unreachable(String robotsUrl, String reason) {
        return new RobotsRules(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), robotsUrl, reason);
    }

    /** Parses robots.txt content; mainly for tests. */
    public static RobotsRules parse(String robotsUrl, byte[] content, String robotsAgent) {
        // crawler-commons turns a Crawl-delay above its own maximum (300 s) into "disallow everything"; the crawler
        // applies kh.crawler.max-crawl-delay itself and tells the user, so the parser keeps any delay as it is
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE, SimpleRobotRulesParser.DEFAULT_MAX_WARNINGS);
        return new RobotsRules(parser.parseContent(robotsUrl, content, "text/plain", List.of(robotsAgent)), robotsUrl,
                null);
    }

    /** Fetches and parses {@code /robots.txt} of the scope's site. */
    public static RobotsRules fetch(FetchPolicy policy, CrawlScope scope, String robotsAgent) throws InterruptedException {
        String robotsUrl = URI.create(scope.baseUrl()).resolve("/robots.txt").toString();
        FetchPlan plan = FetchPlan.resource(url -> scope.sameSite(URI.create(url)), MAX_ROBOTS_BYTES);
        FetchOutcome outcome = policy.fetch(robotsUrl, plan);
        if (outcome instanceof FetchOutcome.Fetched fetched) {
            return parse(robotsUrl, fetched.response().body(), robotsAgent);
        }
        if (outcome instanceof FetchOutcome.Failed failed && serverOrNetworkError(failed)) {
            return unreachable(robotsUrl, failed.reason());
        }
        // 4xx, a redirect out of the site or one too many, a refused address (the crawl's first page then says so)
        return allowAll();
    }

    /**
     * Whether a failed robots.txt fetch means "unreachable" in RFC 9309's sense: a transport failure (status 0:
     * timeout, connection refused, host name not found, TLS) or a server error (5xx, and 429), the fetch retries spent.
     */
    static boolean serverOrNetworkError(FetchOutcome.Failed failed) {
        int status = failed.status();
        return status == 0 || status == 429 || (status >= 500 && status <= 599);
    }

    /**
     * Why robots.txt could not be fetched ("HTTP 503 (still after 2 retries)", "connection refused"), when a server
     * or network error left it unreachable; these rules then disallow everything.
     */
    public Optional<String> unreachable() {
        return Optional.ofNullable(unreachable);
    }

    /** The robots.txt URL these rules came from, or "none" for {@link #allowAll()}. */
    public String source() {
        return source;
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
        return "robots.txt " + source + (unreachable == null ? "" : " (unreachable: " + unreachable + ")");
    }
}
