package io.knowledgehub.core.source;

import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceServiceTest {

    @Test
    void keeps_an_ordinary_base_url_as_written() {
        for (String url : List.of("https://docs.example.com/guide/", "http://127.0.0.1:8080/", "http://h:65535/a?q=1",
                "http://[::1]:1/", "HTTPS://Docs.Example.com/Guide")) {
            assertThat(SourceService.requireBaseUrl(url)).isEqualTo(url);
        }
    }

    @Test
    void rejects_a_base_url_whose_port_is_outside_1_to_65535() {
        assertThatThrownBy(() -> SourceService.requireBaseUrl("http://127.0.0.1:99999/"))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "base_url")
                .hasMessage("base_url \"http://127.0.0.1:99999/\" has the invalid port 99999; a port must be from 1 to 65535.");
        for (String url : List.of("https://docs.example.com:70000/guide/", "http://h:0/", "http://h:99999999999/",
                "http://[::1]:70000/")) {
            assertThatThrownBy(() -> SourceService.requireBaseUrl(url))
                    .as(url)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("has the invalid port").hasMessageContaining("from 1 to 65535");
        }
    }

    @Test
    void writes_an_internationalised_host_in_punycode_as_the_crawler_does() {
        assertThat(SourceService.requireBaseUrl("http://例え.テスト/")).isEqualTo("http://xn--r8jz45g.xn--zckzah/");
        assertThat(SourceService.requireBaseUrl("https://Bücher.example:8443/a/b?q=1#top"))
                .isEqualTo("https://xn--bcher-kva.example:8443/a/b?q=1#top");
        assertThatThrownBy(() -> SourceService.requireBaseUrl("http://例え.テスト:70000/"))
                .hasMessageContaining("has the invalid port 70000");
        assertThatThrownBy(() -> SourceService.requireBaseUrl("http://例え..テスト/"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has the host \"例え..テスト\", which is not a valid internationalised domain name");
    }

    @Test
    void still_rejects_what_is_no_absolute_http_url_with_a_host() {
        for (String url : List.of("ftp://example.com/", "/relative/path", "http:///nohost", "http://:80/")) {
            assertThatThrownBy(() -> SourceService.requireBaseUrl(url))
                    .as(url)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("must be an absolute http:// or https:// URL with a host");
        }
    }

    @Test
    void names_a_host_that_is_no_host_name() {
        for (String url : List.of("http://exa_mple.com/", "https://a_b.example:8443/docs/", "http://exa%20mple.com/")) {
            String host = url.replaceFirst("^https?://([^@/]*@)?", "").replaceFirst("[:/].*$", "");
            assertThatThrownBy(() -> SourceService.requireBaseUrl(url))
                    .as(url)
                    .isInstanceOf(InvalidInputException.class)
                    .hasFieldOrPropertyWithValue("field", "base_url")
                    .hasMessage("base_url \"" + url + "\" has the host \"" + host + "\", which is not a valid host name: a host"
                            + " name is made of letters, digits and hyphens between dots (no underscores, spaces or other characters).");
        }
    }

    @Test
    void refuses_a_user_name_or_password_in_the_base_url_without_repeating_them() {
        for (String url : List.of("http://user:secret@127.0.0.1:8080/docs/", "https://token@docs.example.com/", "https://user@Bücher.example/",
                "http://user:secret@docs_site.example/", "http://user:secret@docs.example.com:99999/")) {
            assertThatThrownBy(() -> SourceService.requireBaseUrl(url))
                    .as(url)
                    .isInstanceOf(InvalidInputException.class)
                    .hasFieldOrPropertyWithValue("field", "base_url")
                    .hasMessageContaining("holds a user name or password before the host; leave them out")
                    .hasMessageContaining("…@")
                    .hasMessageNotContaining("secret").hasMessageNotContaining("token@").hasMessageNotContaining("user@").hasMessageNotContaining("user:");
        }
    }
}
