package io.knowledgehub.crawler.robots;

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
}
