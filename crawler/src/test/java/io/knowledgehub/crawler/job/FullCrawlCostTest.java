package io.knowledgehub.crawler.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FullCrawlCostTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void takes_the_newest_crawl_that_processed_at_least_half_the_pages_it_checked() throws JsonProcessingException {
        List<JsonNode> newestFirst = results(
                "{}",
                "{\"pages_processed\": 1, \"pages_checked\": 40, \"duration_seconds\": 2.0}",
                "{\"pages_processed\": 20, \"pages_checked\": 40, \"duration_seconds\": 10.0}",
                "{\"pages_processed\": 40, \"pages_checked\": 40, \"duration_seconds\": 80.0}");

        assertThat(CrawlJobHandler.fullCrawlSecondsPerPage(newestFirst)).contains(0.25);
    }

    @Test
    void gives_no_estimate_without_such_a_crawl() throws JsonProcessingException {
        assertThat(CrawlJobHandler.fullCrawlSecondsPerPage(List.of())).isEmpty();
        assertThat(CrawlJobHandler.fullCrawlSecondsPerPage(
                results("{\"pages_processed\": 0, \"pages_checked\": 0, \"duration_seconds\": 1.0}"))).isEmpty();
    }

    private List<JsonNode> results(String... texts) throws JsonProcessingException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String text : texts) {
            out.add(json.readTree(text));
        }
        return out;
    }
}
