package io.knowledgehub.core.source;

import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @Test
    void sunday_two_am_matches_only_then() {
        CronSchedule cron = CronSchedule.parse("0 2 * * 0");
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-22T02:00:00Z"))).isTrue(); // a Sunday
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-22T02:01:00Z"))).isFalse();
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-23T02:00:00Z"))).isFalse();
    }

    @Test
    void steps_ranges_and_lists() {
        CronSchedule cron = CronSchedule.parse("*/15 9-17 * * 1-5");
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-24T09:45:00Z"))).isTrue();
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-24T09:50:00Z"))).isFalse();
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-24T18:00:00Z"))).isFalse();
        assertThat(CronSchedule.parse("0 0 1,15 * *").matches(ZonedDateTime.parse("2026-11-15T00:00:00Z"))).isTrue();
        assertThat(CronSchedule.parse("0 */6 * * *").matches(ZonedDateTime.parse("2026-11-15T12:00:00Z"))).isTrue();
    }

    @Test
    void rejects_malformed_expressions_naming_the_field() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 2 * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * mon")).hasMessageContaining("day of week");
    }
}
