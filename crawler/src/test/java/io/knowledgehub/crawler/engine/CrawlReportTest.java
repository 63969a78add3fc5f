package io.knowledgehub.crawler.engine;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentences of {@link CrawlReport} from counters alone. */
class CrawlReportTest {

    @Test
    void failure_kinds_are_the_words_before_any_detail() {
        assertThat(CrawlReport.kindOf("HTTP 503 (still after 2 retries)")).isEqualTo("HTTP 503");
        assertThat(CrawlReport.kindOf("connection failed: reset by peer")).isEqualTo("connection failed");
        assertThat(CrawlReport.kindOf("host name not found (docs.example.invalid)")).isEqualTo("host name not found");
        assertThat(CrawlReport.kindOf("HTTP 404")).isEqualTo("HTTP 404");
        assertThat(CrawlReport.kindOf(null)).isEqualTo("unknown");
    }

    @Test
    void shows_the_three_most_frequent_kinds_of_failure_and_sums_the_rest() {
        Map<String, Integer> failures = new LinkedHashMap<>();
        failures.put("HTTP 404", 1);
        failures.put("HTTP 500", 5);
        failures.put("timed out", 2);
        failures.put("connection refused", 3);
        failures.put("TLS failed", 1);

        assertThat(CrawlReport.reasons(failures)).isEqualTo("HTTP 500: 5 pages, connection refused: 3 pages, timed out: 2 pages, other: 2 pages");
    }

    @Test
    void a_crawl_with_no_stored_page_and_no_base_url_problem_fails_with_its_counts() {
        CrawlStats stats = new CrawlStats(3, 0, 0, 0, 0, 2, 1, 0, 3, false, false, 0,
                new CrawlIssues(null, Map.of("HTTP 500", 2), 0, 0, 5000, List.of()));

        assertThat(CrawlReport.failure(stats)).contains("The crawl stored no page: 3 checked, 2 failed (HTTP 500: 2 pages), "
                + "1 skipped. Check the base URL, follow_patterns and exclude_patterns, and that the site is up.");
    }

    @Test
    void a_cancelled_crawl_has_not_failed_even_when_it_stored_nothing() {
        CrawlStats stats = new CrawlStats(0, 0, 0, 0, 0, 0, 0, 0, 0, false, true, 0, null);

        assertThat(CrawlReport.failure(stats)).isEmpty();
        assertThat(CrawlReport.warnings(stats)).isEmpty();
    }
}
