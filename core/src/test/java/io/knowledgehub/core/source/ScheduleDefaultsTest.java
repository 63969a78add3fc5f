package io.knowledgehub.core.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleDefaultsTest {

    private final ObjectMapper json = new ObjectMapper();

    private static ScheduleDefaults defaults(String cron, boolean incremental, int forceDays) {
        return new ScheduleDefaults() {
            public Optional<String> refreshSchedule() {
                return Optional.ofNullable(cron);
            }

            public boolean incrementalByDefault() {
                return incremental;
            }

            public int forceRefreshInterval() {
                return forceDays;
            }
        };
    }

    private SourceConfig.Schedule created(String config, ScheduleDefaults d) throws Exception {
        JsonNode in = config == null ? null : json.readTree(config);
        return SourceConfigParser.parse(SourceService.withScheduleDefault(in, d)).scheduler();
    }

    @Test
    void a_new_source_without_a_schedule_gets_the_deployment_default() throws Exception {
        ScheduleDefaults d = defaults("0 3 * * *", false, 7);
        SourceConfig.Schedule s = created("{\"max_depth\": 2}", d);
        assertThat(s).isEqualTo(new SourceConfig.Schedule(true, "0 3 * * *", false, 7));
        assertThat(created(null, d).refreshSchedule()).isEqualTo("0 3 * * *");
        assertThat(SourceConfigParser.parse(SourceService.withScheduleDefault(json.readTree("{\"max_depth\": 2}"), d)).maxDepth())
                .isEqualTo(2);
    }

    @Test
    void a_source_with_its_own_schedule_keeps_it_and_no_default_means_no_schedule() throws Exception {
        ScheduleDefaults d = defaults("0 3 * * *", true, 0);
        assertThat(created("{\"scheduler\": {\"enabled\": false}}", d).enabled()).isFalse();
        assertThat(created("{\"scheduler\": {\"refresh_schedule\": \"*/30 * * * *\", \"enabled\": true}}", d).refreshSchedule())
                .isEqualTo("*/30 * * * *");
        assertThat(created("{}", defaults(null, true, 0))).isEqualTo(SourceConfig.Schedule.defaults());
    }

    /** A default schedule no source could have stops the start, naming the setting, instead of every creation failing. */
    @Test
    void a_default_schedule_that_never_fires_or_does_not_parse_stops_the_start_naming_the_setting() {
        for (String cron : new String[] {"0 0 31 2 *", "61 * * * *", "every day"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceService.checkScheduleDefaults(defaults(cron, true, 0)))
                    .as(cron).isInstanceOf(IllegalStateException.class).hasMessageContaining("KH_SCHEDULE_DEFAULTS_REFRESH_SCHEDULE");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceService.checkScheduleDefaults(defaults("0 3 * * *", true, -1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("force_refresh_interval");
        SourceService.checkScheduleDefaults(defaults("0 3 * * *", false, 7));
        SourceService.checkScheduleDefaults(defaults(null, true, 0));
    }
}
