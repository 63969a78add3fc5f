package io.knowledgehub.crawler.fetch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void reads_delay_seconds() {
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void reads_an_http_date_relative_to_now() {
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void a_date_in_the_past_means_now() {
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void ignores_absent_or_unreadable_values() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    }
}
