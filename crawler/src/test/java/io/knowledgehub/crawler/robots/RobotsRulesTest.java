package io.knowledgehub.crawler.robots;

import io.knowledgehub.crawler.coverage.UrlReason;
import io.knowledgehub.crawler.fetch.FetchOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RobotsRulesTest {

    private static RobotsRules parse(String content) {
        return RobotsRules.parse("https://x.org/robots.txt", content.getBytes(StandardCharsets.UTF_8), "knowledgehub");
    }

    @Test
    void applies_disallow_and_allow_rules() {
        RobotsRules rules = parse("User-agent: *\nDisallow: /private/\nAllow: /private/open.html\n");

        assertThat(rules.allowed("https://x.org/private/x.html")).isFalse();
        assertThat(rules.allowed("https://x.org/private/open.html")).isTrue();
        assertThat(rules.allowed("https://x.org/public.html")).isTrue();
    }

    @Test
    void reads_a_fractional_crawl_delay_and_the_sitemaps() {
        RobotsRules rules = parse("User-agent: *\nCrawl-delay: 1.5\nSitemap: https://x.org/sitemap.xml\n");

        assertThat(rules.crawlDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(rules.sitemaps()).containsExactly("https://x.org/sitemap.xml");
    }

    @Test
    void has_no_delay_when_none_is_set() {
        assertThat(parse("User-agent: *\nDisallow:\n").crawlDelay()).isZero();
        assertThat(RobotsRules.allowAll().allowed("https://x.org/anything")).isTrue();
    }

    @Test
    void an_unreachable_robots_txt_disallows_everything_and_says_why() {
        RobotsRules rules = RobotsRules.unreachable("https://x.org/robots.txt", "HTTP 503 (still after 2 retries)");

        assertThat(rules.allowed("https://x.org/")).isFalse();
        assertThat(rules.allowed("https://x.org/docs/index.html")).isFalse();
        assertThat(rules.unreachable()).contains("HTTP 503 (still after 2 retries)");
        assertThat(rules.source()).isEqualTo("https://x.org/robots.txt");
        assertThat(rules.crawlDelay()).isZero();
        assertThat(rules.sitemaps()).isEmpty();
        assertThat(parse("User-agent: *\nDisallow:\n").unreachable()).isEmpty();
        assertThat(RobotsRules.allowAll().unreachable()).isEmpty();
    }

    @Test
    void server_and_network_errors_make_robots_txt_unreachable_other_4xx_do_not() {
        // RFC 9309 §2.3.1.3 / §2.3.1.4: 4xx is "unavailable" (allow all), 5xx and network errors "unreachable"
        for (int status : new int[] {500, 502, 503, 504, 429}) {
            assertThat(RobotsRules.serverOrNetworkError(FetchOutcome.Failed.http("https://x.org/robots.txt", status)))
                    .as("HTTP %d", status).isTrue();
        }
        assertThat(RobotsRules.serverOrNetworkError(new FetchOutcome.Failed("https://x.org/robots.txt", 0,
                UrlReason.CONNECTION_FAILED, "connection refused"))).isTrue();
        assertThat(RobotsRules.serverOrNetworkError(new FetchOutcome.Failed("https://x.org/robots.txt", 0,
                UrlReason.TIMEOUT, "timed out"))).isTrue();
        for (int status : new int[] {400, 401, 403, 404, 410}) {
            assertThat(RobotsRules.serverOrNetworkError(FetchOutcome.Failed.http("https://x.org/robots.txt", status)))
                    .as("HTTP %d", status).isFalse();
        }
        // a redirect chain too long: RFC 9309 §2.3.1.2 lets the crawler treat it as unavailable
        assertThat(RobotsRules.serverOrNetworkError(new FetchOutcome.Failed("https://x.org/robots.txt", 301,
                UrlReason.TOO_MANY_REDIRECTS, "too many redirects (more than 5)"))).isFalse();
    }
}
