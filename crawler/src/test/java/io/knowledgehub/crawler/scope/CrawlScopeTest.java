package io.knowledgehub.crawler.scope;

import io.knowledgehub.crawler.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which URLs a source crawls: host, base path, follow and exclude globs (UrlGlob semantics included). */
class CrawlScopeTest {

    private static CrawlScope scope(String base, TestConfig config) {
        return CrawlScope.of(URI.create(base), config.build());
    }

    private static boolean in(CrawlScope scope, String url) {
        return scope.contains(UrlNormalizer.normalize(url));
    }

    @Test
    void a_base_folder_scopes_everything_under_it() {
        CrawlScope s = scope("https://x.org/guide/", config());

        assertThat(s.pathPrefix()).isEqualTo("/guide/");
        assertThat(in(s, "https://x.org/guide/")).isTrue();
        assertThat(in(s, "https://x.org/guide/a/b.html")).isTrue();
        assertThat(in(s, "https://x.org/guide")).isFalse();
        assertThat(in(s, "https://x.org/other/")).isFalse();
    }

    @Test
    void a_base_without_trailing_slash_covers_itself_and_its_subfolder_only() {
        CrawlScope s = scope("https://x.org/docs", config());

        assertThat(in(s, "https://x.org/docs")).isTrue();
        assertThat(in(s, "https://x.org/docs/intro")).isTrue();
        assertThat(in(s, "https://x.org/docs-old/intro")).isFalse();
        assertThat(in(s, "https://x.org/docsy")).isFalse();
    }

    @Test
    void a_base_file_scopes_its_folder() {
        CrawlScope s = scope("https://x.org/a/index.html", config());

        assertThat(s.pathPrefix()).isEqualTo("/a/");
        assertThat(in(s, "https://x.org/a/other.html")).isTrue();
        assertThat(in(s, "https://x.org/b/other.html")).isFalse();
    }

    @Test
    void accepts_http_and_https_of_the_same_host_and_normalises_default_ports() {
        CrawlScope s = scope("https://Docs.X.org/guide/", config());

        assertThat(in(s, "http://docs.x.org/guide/a.html")).isTrue();
        assertThat(in(s, "https://docs.x.org:443/guide/a.html")).isTrue();
        assertThat(in(s, "http://docs.x.org:80/guide/a.html")).isTrue();
        assertThat(in(s, "https://docs.x.org:8443/guide/a.html")).isFalse();
        assertThat(in(s, "https://www.x.org/guide/a.html")).isFalse();
        assertThat(in(s, "ftp://docs.x.org/guide/a.html")).isFalse();
    }

    @Test
    void a_non_default_port_must_match() {
        CrawlScope s = scope("http://127.0.0.1:8080/", config());

        assertThat(in(s, "http://127.0.0.1:8080/a.html")).isTrue();
        assertThat(in(s, "http://127.0.0.1:8081/a.html")).isFalse();
        assertThat(in(s, "http://127.0.0.1/a.html")).isFalse();
    }

    @Test
    void follow_patterns_replace_the_base_path_rule() {
        CrawlScope s = scope("https://x.org/start/", config().follow("/docs/**", "/api/*.html"));

        assertThat(in(s, "https://x.org/docs")).isTrue();
        assertThat(in(s, "https://x.org/docs/a/b/c.html")).isTrue();
        assertThat(in(s, "https://x.org/api/index.html")).isTrue();
        // '*' stays within one path segment
        assertThat(in(s, "https://x.org/api/v1/index.html")).isFalse();
        assertThat(in(s, "https://x.org/start/page.html")).isFalse();
        assertThat(in(s, "https://x.org/start/")).as("the base URL itself").isTrue();
    }

    @Test
    void double_star_slash_may_match_no_folder_at_all() {
        CrawlScope s = scope("https://x.org/", config().follow("**/docs/**"));

        assertThat(in(s, "https://x.org/docs/intro")).isTrue();
        assertThat(in(s, "https://x.org/en/docs/intro")).isTrue();
        assertThat(in(s, "https://x.org/en/blog/intro")).isFalse();
    }

    @Test
    void patterns_without_a_leading_slash_are_anchored_at_the_root() {
        CrawlScope s = scope("https://x.org/", config().follow("docs/*"));

        assertThat(in(s, "https://x.org/docs/a")).isTrue();
        assertThat(in(s, "https://x.org/en/docs/a")).isFalse();
    }

    @Test
    void exclude_patterns_win_over_follow_patterns_and_see_the_query() {
        CrawlScope s = scope("https://x.org/", config().follow("**").exclude("**/search/**", "**/?page=*", "/login"));

        assertThat(in(s, "https://x.org/docs/a.html")).isTrue();
        assertThat(in(s, "https://x.org/docs/search/q")).isFalse();
        assertThat(in(s, "https://x.org/docs/?page=2")).isFalse();
        assertThat(in(s, "https://x.org/docs/list.html?page=2")).as("a page's pagination, not only a folder's").isFalse();
        assertThat(in(s, "https://x.org/?page=3")).isFalse();
        assertThat(in(s, "https://x.org/docs/list.html")).isTrue();
        assertThat(in(s, "https://x.org/docs/?sort=name")).isTrue();
        assertThat(in(s, "https://x.org/login")).isFalse();
    }

    @Test
    void exclude_patterns_apply_under_the_base_path_rule_too() {
        CrawlScope s = scope("https://x.org/guide/", config().exclude("**/internal/**"));

        assertThat(in(s, "https://x.org/guide/internal/x.html")).isFalse();
        assertThat(in(s, "https://x.org/guide/public/x.html")).isTrue();
    }

    @Test
    void names_the_exclude_pattern_that_keeps_a_url_out() {
        CrawlScope s = scope("https://x.org/guide/", config().exclude("**/internal/**", "**/?page=*"));

        assertThat(s.excludedBy(UrlNormalizer.normalize("https://x.org/guide/internal/x.html"))).isEqualTo("**/internal/**");
        assertThat(s.excludedBy(UrlNormalizer.normalize("https://x.org/guide/?page=2"))).isEqualTo("**/?page=*");
        // out of scope, but not because of a pattern
        assertThat(s.excludedBy(UrlNormalizer.normalize("https://x.org/blog/internal/x.html"))).isEqualTo("**/internal/**");
        assertThat(s.excludedBy(UrlNormalizer.normalize("https://other.org/guide/internal/x.html"))).isNull();
        assertThat(s.excludedBy(UrlNormalizer.normalize("https://x.org/guide/public/x.html"))).isNull();
    }

    @Test
    void rejects_a_base_url_that_is_not_http() {
        assertThatThrownBy(() -> scope("ftp://x.org/", config())).isInstanceOf(IllegalArgumentException.class);
    }
}
