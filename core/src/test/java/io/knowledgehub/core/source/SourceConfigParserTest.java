package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

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
