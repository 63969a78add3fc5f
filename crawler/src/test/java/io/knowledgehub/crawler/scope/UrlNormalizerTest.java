package io.knowledgehub.crawler.scope;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class UrlNormalizerTest {

    @Test
    void lower_cases_scheme_and_host_and_drops_default_port_fragment_and_dot_segments() {
        assertThat(UrlNormalizer.normalize("HTTP://Example.COM:80/a/../b/./c.html#frag")).isEqualTo("http://example.com/b/c.html");
        assertThat(UrlNormalizer.normalize("https://example.com:443")).isEqualTo("https://example.com/");
    }

    @Test
    void sorts_query_parameters_so_equal_queries_match() {
        assertThat(UrlNormalizer.normalize("http://x.org/p?b=2&a=1")).isEqualTo(UrlNormalizer.normalize("http://x.org/p?a=1&b=2"));
    }

    @Test
    void drops_tracking_parameters_so_a_campaign_link_is_the_same_page() {
        assertThat(UrlNormalizer.normalize("https://docs.example/dup.html?utm_source=x&utm_medium=mail"))
                .isEqualTo("https://docs.example/dup.html");
        assertThat(UrlNormalizer.normalize("https://docs.example/a?version=2&fbclid=abc&UTM_Campaign=y&gclid=1"))
                .isEqualTo("https://docs.example/a?version=2");
        assertThat(UrlNormalizer.normalize("https://docs.example/a?page=2&utm=kept&ref=x"))
                .isEqualTo("https://docs.example/a?page=2&ref=x&utm=kept");
    }

    @Test
    void keeps_path_case_and_port() {
        assertThat(UrlNormalizer.normalize("http://x.org:8080/Docs/A.html")).isEqualTo("http://x.org:8080/Docs/A.html");
    }

    @Test
    void refuses_other_schemes() {
        assertThat(UrlNormalizer.normalize("mailto:a@b.c")).isNull();
        assertThat(UrlNormalizer.normalize("javascript:void(0)")).isNull();
        assertThat(UrlNormalizer.normalize("ftp://x.org/")).isNull();
        assertThat(UrlNormalizer.normalize("")).isNull();
    }

    @Test
    void resolves_relative_references_including_sloppy_ones() {
        URI base = URI.create("http://x.org/docs/guide/index.html");

        assertThat(UrlNormalizer.resolve(base, "../api/ref.html#x")).isEqualTo("http://x.org/docs/api/ref.html");
        assertThat(UrlNormalizer.resolve(base, "/top")).isEqualTo("http://x.org/top");
        assertThat(UrlNormalizer.resolve(base, "my page.html")).isEqualTo("http://x.org/docs/guide/my%20page.html");
        assertThat(UrlNormalizer.resolve(base, "a|b.html")).isEqualTo("http://x.org/docs/guide/a%7Cb.html");
        assertThat(UrlNormalizer.resolve(base, "")).isNull();
    }

    @Test
    void gives_the_form_a_link_was_written_in_only_when_it_carries_tracking_parameters() {
        URI base = URI.create("http://x.org/docs/index.html");

        assertThat(UrlNormalizer.trackedForm(base, "a.html?utm_source=news&b=1"))
                .isEqualTo("http://x.org/docs/a.html?b=1&utm_source=news");
        assertThat(UrlNormalizer.resolve(base, "a.html?utm_source=news&b=1")).isEqualTo("http://x.org/docs/a.html?b=1");
        assertThat(UrlNormalizer.trackedForm(base, "a.html?fbclid=XYZ#top")).isEqualTo("http://x.org/docs/a.html?fbclid=XYZ");
        assertThat(UrlNormalizer.trackedForm(base, "a.html?page=2")).isNull();
        assertThat(UrlNormalizer.trackedForm(base, "a.html")).isNull();
        assertThat(UrlNormalizer.trackedForm(null, "https://y.org/?gclid=1")).isEqualTo("https://y.org/?gclid=1");
    }

    @Test
    void resolves_a_query_only_reference_against_the_page_itself() {
        // RFC 3986 section 5.4: "?y" against /b/c/d;p?q is /b/c/d;p?y (java.net.URI alone would drop "index.html")
        assertThat(UrlNormalizer.resolve(URI.create("http://x.org/docs/page.html?page=1"), "?page=2"))
                .isEqualTo("http://x.org/docs/page.html?page=2");
        // the same against an index page, which is then folded into its folder
        assertThat(UrlNormalizer.resolve(URI.create("http://x.org/docs/index.html?page=1"), "?page=2"))
                .isEqualTo("http://x.org/docs/?page=2");
    }

    @Test
    void folds_a_folders_index_file_into_the_folder() {
        assertThat(UrlNormalizer.normalize("http://x.org/docs/index.html")).isEqualTo("http://x.org/docs/");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/index.htm")).isEqualTo("http://x.org/docs/");
        assertThat(UrlNormalizer.normalize("http://x.org/index.html#top")).isEqualTo("http://x.org/");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/index.html?v=2")).isEqualTo("http://x.org/docs/?v=2");
        // only a whole file name of that spelling, at the end of the path
        assertThat(UrlNormalizer.normalize("http://x.org/docs/myindex.html")).isEqualTo("http://x.org/docs/myindex.html");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/Index.html")).isEqualTo("http://x.org/docs/Index.html");
        assertThat(UrlNormalizer.normalize("http://x.org/index.html/more")).isEqualTo("http://x.org/index.html/more");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/index.php")).isEqualTo("http://x.org/docs/index.php");
    }

    @Test
    void resolves_links_against_the_page_before_folding_so_both_spellings_give_the_same_targets() {
        URI asFolder = URI.create("http://x.org/docs/guide/");
        URI asFile = URI.create("http://x.org/docs/guide/index.html");

        for (String href : new String[]{"a.html", "../b.html", "./", "sub/index.html", "", "?lang=en", "/top/index.htm"}) {
            assertThat(UrlNormalizer.resolve(asFile, href)).as(href).isEqualTo(UrlNormalizer.resolve(asFolder, href));
        }
        assertThat(UrlNormalizer.resolve(asFile, "sub/index.html")).isEqualTo("http://x.org/docs/guide/sub/");
    }

    @Test
    void gives_the_index_file_form_of_a_folder_for_servers_that_answer_only_that() {
        assertThat(UrlNormalizer.indexFileForm("http://x.org/docs/")).isEqualTo("http://x.org/docs/index.html");
        assertThat(UrlNormalizer.indexFileForm("http://x.org/docs/?v=2")).isEqualTo("http://x.org/docs/index.html?v=2");
        assertThat(UrlNormalizer.indexFileForm("http://x.org/docs/a.html")).isNull();
        assertThat(UrlNormalizer.resolveAsRequested(URI.create("http://x.org/docs/"), "index.html"))
                .isEqualTo("http://x.org/docs/index.html");
    }

    @Test
    void drops_session_ids_from_paths_and_queries() {
        assertThat(UrlNormalizer.normalize("http://x.org/docs/a.html;jsessionid=0A1B2C3D")).isEqualTo("http://x.org/docs/a.html");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/a.html;JSESSIONID=0A1B?page=2")).isEqualTo("http://x.org/docs/a.html?page=2");
        assertThat(UrlNormalizer.normalize("http://x.org/docs;sid=9/a.html")).isEqualTo("http://x.org/docs/a.html");
        assertThat(UrlNormalizer.normalize("http://x.org/docs/index.html;jsessionid=1")).isEqualTo("http://x.org/docs/");
        assertThat(UrlNormalizer.normalize("http://x.org/a?PHPSESSID=abc&q=1&ASPSESSIONIDQQ=x")).isEqualTo("http://x.org/a?q=1");
        // other path parameters, and "sid" in a query, may name a page: kept
        assertThat(UrlNormalizer.normalize("http://x.org/a;v=2")).isEqualTo("http://x.org/a;v=2");
        assertThat(UrlNormalizer.normalize("http://x.org/a?sid=2")).isEqualTo("http://x.org/a?sid=2");
        assertThat(UrlNormalizer.trackedForm(URI.create("http://x.org/docs/"), "a.html;jsessionid=77"))
                .isEqualTo("http://x.org/docs/a.html;jsessionid=77");
    }
}
