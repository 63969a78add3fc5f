package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceConfigParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void missing_config_gives_the_defaults() {
        SourceConfig c = SourceConfigParser.parse(null);
        assertThat(c.maxDepth()).isEqualTo(SourceConfig.DEFAULT_MAX_DEPTH);
        assertThat(c.maxPages()).isEqualTo(SourceConfig.DEFAULT_MAX_PAGES);
        assertThat(c.contentExtraction().normalizeWhitespace()).isTrue();
        assertThat(c.incremental().fuzzy()).isFalse();
    }

    @Test
    void parses_the_tutorial_configs() throws Exception {
        SourceConfig c = SourceConfigParser.parse(json("{'max_depth': 4, 'max_pages': 5000, 'crawl_delay': 0.5, "
                + "'incremental_delay': 0.2, 'follow_patterns': ['**'], 'exclude_patterns': ['**/search/**', '**/?page=*'], "
                + "'content_extraction': {'exclude_selectors': ['.advertisement', '.last-updated'], 'normalize_whitespace': true, "
                + "'ignore_case': false}, 'content_cleaning': {'remove_patterns': ['Last updated: \\\\d{4}-\\\\d{2}-\\\\d{2}']}, "
                + "'incremental_config': {'min_change_threshold': 0.1, 'ignore_minor_changes': true, 'change_detection_method': 'fuzzy'}, "
                + "'scheduler': {'enabled': true, 'refresh_schedule': '0 2 * * 0', 'incremental_by_default': true, 'force_refresh_interval': 30}, "
                + "'performance': {'batch_hash_updates': true, 'batch_size': 100, 'parallel_hash_calculation': 4}}"));
        assertThat(c.maxDepth()).isEqualTo(4);
        assertThat(c.delayFor(true)).isEqualTo(0.2);
        assertThat(c.delayFor(false)).isEqualTo(0.5);
        assertThat(c.excludePatterns()).containsExactly("**/search/**", "**/?page=*");
        assertThat(c.contentCleaning().removePatterns()).hasSize(1);
        assertThat(c.incremental().fuzzy()).isTrue();
        assertThat(c.scheduler().forceRefreshInterval()).isEqualTo(30);
        assertThat(c.performance().parallelHashCalculation()).isEqualTo(4);
    }

    @Test
    void json_round_trip_keeps_every_setting() throws Exception {
        SourceConfig c = SourceConfigParser.parse(json("{'max_depth': 2, 'follow_patterns': ['/docs/**'], "
                + "'content_extraction': {'ignore_case': true}, 'incremental_config': {'min_change_threshold': 0.2}}"));
        assertThat(SourceConfigParser.parse(SourceConfigParser.toJson(c))).isEqualTo(c);
    }

    @Test
    void rejects_unknown_key_by_name() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_dept': 3}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("config.max_dept");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_extraction': {'selectors': []}}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("config.content_extraction.selectors");
    }

    @Test
    void rejects_wrong_types_and_ranges() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_depth': 'three'}")))
                .hasMessageContaining("config.max_depth").hasMessageContaining("whole number");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_pages': 0}")))
                .hasMessageContaining("config.max_pages must be between 1");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'crawl_delay': -1}")))
                .hasMessageContaining("config.crawl_delay");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'follow_patterns': '**/docs/**'}")))
                .hasMessageContaining("array of strings");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'incremental_config': {'min_change_threshold': 2}}")))
                .hasMessageContaining("min_change_threshold");
    }

    @Test
    void rejects_invalid_glob_regex_selector_and_cron_naming_them() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'exclude_patterns': ['**/ok/**', '/a/***']}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config.exclude_patterns[1]").hasMessageContaining("/a/***");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['Session ID: [a-f0-9+']}}")))
                .hasMessageContaining("remove_patterns[0]").hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_extraction': {'exclude_selectors': ['div[']}}")))
                .hasMessageContaining("exclude_selectors[0]").hasMessageContaining("not a valid CSS selector");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'scheduler': {'refresh_schedule': '0 25 * * *'}}")))
                .hasMessageContaining("refresh_schedule").hasMessageContaining("hour");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_extraction': {'exclude_selectors': ['p:nth-child(-n+99999999999)']}}")))
                .hasMessageContaining("exclude_selectors[0]").hasMessageContaining("at most 2147483647")
                .hasMessageNotContaining("For input string");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'scheduler': {'refresh_schedule': '0 3 31 2 *'}}")))
                .hasMessageContaining("refresh_schedule").hasMessageContaining("never fires");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['Updated', '']}}")))
                .hasMessageContaining("remove_patterns[1] is empty");
    }

    @Test
    void remove_patterns_use_the_linear_time_syntax_and_say_so_when_a_pattern_needs_more() throws Exception {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['\\\\d+', 'Updated(?= today)']}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("remove_patterns[1]").hasMessageContaining("RE2").hasMessageContaining("lookahead");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['(a)\\\\1']}}")))
                .hasMessageContaining("remove_patterns[0]").hasMessageContaining("backreferences");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['a++']}}")))
                .hasMessageContaining("remove_patterns[0]").hasMessageContaining("RE2");
        // patterns that backtrack catastrophically elsewhere are fine: RE2 matches them in linear time
        assertThat(SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['(a+)+$', '(x|x)*y']}}"))
                .contentCleaning().removePatterns()).containsExactly("(a+)+$", "(x|x)*y");
    }

    @Test
    void regex_selectors_are_checked_with_the_linear_time_syntax() throws Exception {
        assertThat(SourceConfigParser.parse(json("{'content_extraction': {'exclude_selectors': ['p:matches((a+)+$)', "
                + "'div:matchesOwn(^Last updated)', '[title~=(x|x)*y]']}}")).contentExtraction().excludeSelectors()).hasSize(3);
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_extraction': {'exclude_selectors': ['p:matches(a(?=b))']}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exclude_selectors[0]").hasMessageContaining("RE2 syntax");
    }

    @Test
    void rejects_a_remove_pattern_whose_nested_repetitions_would_exhaust_the_heap_while_compiling() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['\\\\d+', "
                + "'((a{1000}){1000}){1000}']}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "config.content_cleaning.remove_patterns[1]")
                .hasMessage("config.content_cleaning.remove_patterns[1] '((a{1000}){1000}){1000}' repeats too much: the counts "
                        + "of the nested repetitions ({n}, {n,}, {n,m}) in it multiply to 1000000000; their product may be at "
                        + "most 1000 (RE2's limit for one repetition): use smaller counts, or * and + for open-ended repetition.");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['(?:x{2,}[0-9]{0,50}){21}']}}")))
                .hasMessageContaining("remove_patterns[0]").hasMessageContaining("multiply to 1050");
    }

    @Test
    void rejects_a_remove_pattern_too_large_once_its_repetitions_are_written_out() {
        String pattern = "a{1000}".repeat(11);
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['" + pattern + "']}}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("remove_patterns[0] '" + pattern + "' is too large once the counted repetitions in it "
                        + "are written out: 11000 characters and classes; at most 10000 are accepted");
    }

    @Test
    void rejects_patterns_each_within_the_limits_that_are_too_large_together() throws Exception {
        String nine = "'" + "a{1000}".repeat(9) + "'";
        String four = String.join(", ", java.util.Collections.nCopies(4, nine));
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': [" + four + ", " + nine
                + "]}}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("together are too large")
                .hasMessageContaining("more than 40000");
        assertThat(SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': [" + four + "]}}"))
                .contentCleaning().removePatterns()).hasSize(4);
    }

    @Test
    void accepts_counted_repetitions_within_the_limits() throws Exception {
        assertThat(SourceConfigParser.parse(json("{'content_cleaning': {'remove_patterns': ['a{1000}', '(?:\\\\d{2}-){10}', "
                + "'[a-f0-9]{32}', '\\\\p{L}{1,1000}', '(x{10}){100}', 'literal {braces} and {1,x}']}}"))
                .contentCleaning().removePatterns()).hasSize(6);
        assertThat(SourceConfigParser.parse(json("{'content_extraction': {'exclude_selectors': ['p:matches(\\\\d{4}-\\\\d{2})', "
                + "'[title~=^v[0-9]{1,3}$]']}}")).contentExtraction().excludeSelectors()).hasSize(2);
    }

    @Test
    void rejects_a_selector_whose_regular_expression_repeats_too_much() {
        for (String selector : List.of("p:matches(((a{1000}){1000}){1000})", "div:has(:matchesOwn((a{100}){100}))",
                "[title~=(a{1000}){1000}]", ":matchesAttr(title, (a{1000}){1000})", "p:matches('(a{100}){100}')")) {
            ObjectNode config = JSON.createObjectNode();
            config.putObject("content_extraction").putArray("exclude_selectors").add(".ad").add(selector);
            assertThatThrownBy(() -> SourceConfigParser.parse(config))
                    .as(selector)
                    .isInstanceOf(InvalidInputException.class)
                    .hasFieldOrPropertyWithValue("field", "config.content_extraction.exclude_selectors[1]")
                    .hasMessageContaining("exclude_selectors[1] '" + selector + "' repeats too much")
                    .hasMessageContaining("in its regular expressions multiply to");
        }
    }

    @Test
    void rejects_a_whole_number_beyond_64_bits_as_written_instead_of_wrapping_it() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_pages': 18446744073709551621}")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "config.max_pages")
                .hasMessage("config.max_pages must be between 1 and 1000000, not 18446744073709551621");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_depth': 99999999999999999999999}")))
                .hasMessage("config.max_depth must be between 0 and 100, not 99999999999999999999999");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_total_bytes': 18446744073709551617}")))
                .hasMessage("config.max_total_bytes must be between 1 and 1099511627776, not 18446744073709551617");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': 18446744073709553616}")))
                .hasMessage("config.max_duration must be between 1 and 2592000, not 18446744073709553616");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'scheduler': {'force_refresh_interval': -18446744073709551586}}")))
                .hasMessage("config.scheduler.force_refresh_interval must be between 0 and 3650, not -18446744073709551586");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'performance': {'batch_size': 18446744073709551716}}")))
                .hasMessage("config.performance.batch_size must be between 1 and 1000, not 18446744073709551716");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'performance': {'parallel_hash_calculation': 1e30}}")))
                .hasMessage("config.performance.parallel_hash_calculation must be between 1 and 64, not 1.0E30");
    }

    @Test
    void a_patch_with_a_whole_number_beyond_64_bits_is_rejected_too() throws Exception {
        JsonNode stored = SourceConfigParser.toJson(SourceConfigParser.parse(json("{'max_pages': 10}")));
        assertThatThrownBy(() -> SourceConfigParser.parse(SourceConfigParser.merge(stored,
                json("{'max_pages': 18446744073709551621}"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config.max_pages must be between 1 and 1000000, not 18446744073709551621");
    }

    @Test
    void merge_changes_only_the_given_keys() throws Exception {
        JsonNode stored = SourceConfigParser.toJson(SourceConfigParser.parse(json("{'max_depth': 2, 'crawl_delay': 1.0, "
                + "'content_extraction': {'exclude_selectors': ['.ad'], 'ignore_case': true}}")));
        SourceConfig merged = SourceConfigParser.parse(SourceConfigParser.merge(stored,
                json("{'crawl_delay': 2.0, 'content_extraction': {'ignore_case': false}}")));
        assertThat(merged.crawlDelay()).isEqualTo(2.0);
        assertThat(merged.maxDepth()).isEqualTo(2);
        assertThat(merged.contentExtraction().excludeSelectors()).containsExactly(".ad");
        assertThat(merged.contentExtraction().ignoreCase()).isFalse();
    }

    @Test
    void max_duration_takes_seconds_or_an_iso_8601_duration_and_is_shown_in_seconds() throws Exception {
        assertThat(SourceConfigParser.parse(json("{'max_duration': 1800}")).limits().maxDuration())
                .isEqualTo(java.time.Duration.ofMinutes(30));
        SourceConfig c = SourceConfigParser.parse(json("{'max_duration': 'PT2H', 'max_total_bytes': 104857600}"));
        assertThat(c.limits()).isEqualTo(new SourceConfig.Limits(java.time.Duration.ofHours(2), 104_857_600L));
        assertThat(SourceConfigParser.toJson(c).get("max_duration").asLong()).isEqualTo(7200);
        assertThat(SourceConfigParser.parse(SourceConfigParser.toJson(c))).isEqualTo(c);
        assertThat(SourceConfigParser.parse(json("{}")).limits()).isEqualTo(SourceConfig.Limits.none());
        assertThat(SourceConfigParser.toJson(SourceConfigParser.parse(json("{}"))).get("max_duration").isNull()).isTrue();
    }

    @Test
    void rejects_a_max_duration_or_max_total_bytes_that_is_not_a_bound() {
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': 'half an hour'}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config.max_duration must be a whole number of seconds from 1 to 2592000 or an ISO-8601 "
                        + "duration such as \"PT30M\" or \"PT2H\", not \"half an hour\"");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': 0}")))
                .hasMessageContaining("config.max_duration must be between 1 and 2592000, not 0");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': 'PT0.5S'}")))
                .hasMessageContaining("not a whole number of seconds");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': 'P31D'}")))
                .hasMessageEndingWith("not 2678400 s");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_duration': true}")))
                .hasMessageStartingWith("config.max_duration must be a whole number of seconds");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_total_bytes': -5}")))
                .hasMessageContaining("config.max_total_bytes must be between 1 and 1099511627776, not -5");
        assertThatThrownBy(() -> SourceConfigParser.parse(json("{'max_total_bytes': '10MB'}")))
                .hasMessageContaining("config.max_total_bytes must be a whole number");
    }
}
