package io.knowledgehub.api.mcp;

import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.core.search.SearchResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SearchDocsMarkdownTest {

    @Test
    void text_that_looks_like_html_stays_text_in_titles_sections_and_passages_but_not_in_code() {
        SearchResult r = new SearchResult("c1", UUID.fromString("00000000-0000-0000-0000-000000000001"),
                UUID.fromString("00000000-0000-0000-0000-000000000002"), "Docs", "Escaping <b> test & more",
                "https://docs.example.com/escaping.html", "snippet",
                "## The <mark>word</mark>\n\nWrite <script>alert(1)</script> to test; a < b && c > d, &amp; and AT&T.\n\n"
                        + "```html\n<script>alert(1)</script> &amp;\n```",
                0.5, 0, Instant.EPOCH, List.of("Escaping <b> test & more", "The <mark>word</mark>"));

        String out = SearchDocsTool.SearchMarkdown.render(new SearchResponse("<b>script</b>", "keyword", List.of(r), 1, 1),
                10_000);

        assertThat(out).startsWith("1 result for \"\\<b>script\\</b>\" (keyword search):\n")
                .contains("## 1. Escaping \\<b> test & more — The \\<mark>word\\</mark>\n")
                .contains("## The \\<mark>word\\</mark>\n\nWrite \\<script>alert(1)\\</script> to test; a \\< b && c > d, "
                        + "\\&amp; and AT&T.")
                .contains("```html\n<script>alert(1)</script> &amp;\n```");
        String cut = SearchDocsTool.SearchMarkdown.render(new SearchResponse("script", "keyword", List.of(r), 1, 1), 60);
        assertThat(cut).contains("Write \\<script>").doesNotContain("Write <script>");
    }
}
