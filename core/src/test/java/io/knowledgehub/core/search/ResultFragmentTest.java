package io.knowledgehub.core.search;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** A result's URL is a valid URL whatever id the page gave the heading it links to. */
class ResultFragmentTest {

    @Test
    void anchors_are_percent_encoded_where_a_fragment_allows_no_character() {
        assertThat(SearchService.fragment("sql-createtable")).isEqualTo("sql-createtable");
        assertThat(SearchService.fragment("a:b/c?d=e&f")).isEqualTo("a:b/c?d=e&f");
        String hostile = "\"><img src=x onerror=alert(2)>";
        String encoded = SearchService.fragment(hostile);
        assertThat(encoded).isEqualTo("%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E");
        assertThat(URI.create("http://127.0.0.1/p.html#" + encoded).getFragment()).isEqualTo(hostile);
        assertThat(SearchService.fragment("größe 100%")).isEqualTo("gr%C3%B6%C3%9Fe%20100%25");
        assertThat(SearchService.fragment("emoji\uD83D\uDE00")).isEqualTo("emoji%F0%9F%98%80");
    }
}
