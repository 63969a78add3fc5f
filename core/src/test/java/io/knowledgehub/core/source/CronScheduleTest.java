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

    @Test
    void both_day_fields_restricted_match_either_as_in_crontab() {
        CronSchedule cron = CronSchedule.parse("0 3 1 * 1"); // the 1st of the month, and every Monday
        assertThat(cron.matches(ZonedDateTime.parse("2026-12-01T03:00:00Z"))).isTrue(); // a Tuesday, the 1st
        assertThat(cron.matches(ZonedDateTime.parse("2026-12-07T03:00:00Z"))).isTrue(); // a Monday
        assertThat(cron.matches(ZonedDateTime.parse("2026-12-08T03:00:00Z"))).isFalse();
        CronSchedule firstOnly = CronSchedule.parse("0 3 1 * *");
        assertThat(firstOnly.matches(ZonedDateTime.parse("2026-12-07T03:00:00Z"))).isFalse();
    }

    @Test
    void seven_is_sunday_and_seconds_do_not_matter() {
        CronSchedule cron = CronSchedule.parse("30 4 * * 7");
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-22T04:30:42Z"))).isTrue(); // a Sunday
        assertThat(cron.matches(ZonedDateTime.parse("2026-11-21T04:30:00Z"))).isFalse();
    }

    @Test
    void next_is_the_first_firing_strictly_after() {
        CronSchedule cron = CronSchedule.parse("0 */6 * * *");
        assertThat(cron.next(ZonedDateTime.parse("2026-11-15T12:00:00Z"))).contains(ZonedDateTime.parse("2026-11-15T18:00:00Z"));
        assertThat(cron.next(ZonedDateTime.parse("2026-11-15T11:59:30Z"))).contains(ZonedDateTime.parse("2026-11-15T12:00:00Z"));
    }

    @Test
    void rejects_what_crontab_rejects_with_the_field_named() {
        assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *")).hasMessageContaining("hour '24' is outside 0-23");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 0 * *")).hasMessageContaining("day of month '0' is outside 1-31");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * 13 *")).hasMessageContaining("month");
        assertThatThrownBy(() -> CronSchedule.parse("0 5-2 * * *")).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 2 * * *")).hasMessageContaining("step");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 ,1 * *")).hasMessageContaining("day of month");
        assertThatThrownBy(() -> CronSchedule.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void a_schedule_whose_days_occur_in_none_of_its_months_is_refused_as_never_firing() {
        assertThat(CronSchedule.parse("0 0 31 2 *").next(ZonedDateTime.parse("2026-12-06T00:00:00Z")))
                .as("parsed, as a schedule stored before is, but never firing").isEmpty();
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *").requireFiresSomeDay())
                .hasMessage("cron expression '0 0 31 2 *' never fires: day 31 of the month does not occur in February");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2,4,6 *").requireFiresSomeDay()).hasMessageContaining("never fires")
                .hasMessageContaining("February, April, June");
        CronSchedule.parse("0 0 30-31 2,4 *").requireFiresSomeDay(); // the 30th of April
        // the 29th of February exists in leap years, the 31st in some month of a range, and a day of the week also fires
        assertThat(CronSchedule.parse("0 0 29 2 *").next(ZonedDateTime.parse("2026-12-06T00:00:00Z")))
                .contains(ZonedDateTime.parse("2028-02-29T00:00:00Z"));
        CronSchedule.parse("0 0 31 2-3 *").requireFiresSomeDay();
        CronSchedule.parse("0 0 31 */2 *").requireFiresSomeDay();
        CronSchedule.parse("0 0 31 2 1").requireFiresSomeDay();
        CronSchedule.parse("0 0 31 1/12 *").requireFiresSomeDay(); // from January in steps of 12: January
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2/12 *").requireFiresSomeDay())
                .hasMessageEndingWith("does not occur in February");
    }
}
