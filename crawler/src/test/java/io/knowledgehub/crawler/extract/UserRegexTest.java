package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.source.SourceConfig;
import org.jsoup.helper.Regex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patterns from users on text from the web: expressions that backtrack catastrophically in java.util.regex (here
 * {@code (a+)+$} on a long run of a's that ends otherwise) finish, because they run on RE2J. The timeouts only keep a
 * regression from hanging the build; nothing here measures time.
 */
class UserRegexTest {

    private static final String EVIL = "a".repeat(100_000) + "b";

    @Test
    @Timeout(120)
    void a_catastrophic_remove_pattern_completes() {
        TextCleaner cleaner = TextCleaner.of(List.of("(a+)+$", "(x|x)*y"));

        assertThat(cleaner.clean(EVIL + " end")).isEqualTo(EVIL + " end");
        assertThat(cleaner.clean("xxxy then aaa")).isEqualTo(" then ");
    }

    @Test
    void jsoup_runs_regex_selectors_on_re2j() {
        assertThat(Regex.usingRe2j()).isTrue();
    }

    @Test
    @Timeout(120)
    void catastrophic_regex_selectors_complete() {
        HtmlExtractor extractor = new HtmlExtractor(new SourceConfig.ContentExtraction(
                List.of("p:matches((a+)+$)", "div:matchesOwn((a|a)+c)", "[title~=(a+)+$]"), true, false), TextCleaner.of(List.of()));
        String html = "<html><head><title>T</title></head><body><main><h1>Title</h1><p>" + EVIL + "</p>"
                + "<div title=\"" + EVIL + "\">" + EVIL + "</div><p>kept, not matched</p></main></body></html>";

        String text = extractor.extract(html, "https://docs.example/").text();

        // nothing matches (the runs of a end in b): the point is that evaluating the selectors ends
        assertThat(text).contains("kept, not matched");
    }

    @Test
    void a_regex_selector_still_removes_what_it_matches() {
        HtmlExtractor extractor = new HtmlExtractor(new SourceConfig.ContentExtraction(
                List.of("p:matches(^Last updated)"), true, false), TextCleaner.of(List.of()));

        String text = extractor.extract("<html><body><main><h1>T</h1><p>Body text.</p><p>Last updated today</p></main></body></html>",
                "https://docs.example/").text();

        assertThat(text).contains("Body text.").doesNotContain("Last updated");
    }
}
