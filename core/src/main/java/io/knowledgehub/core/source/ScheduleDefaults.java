package io.knowledgehub.core.source;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The deployment-wide refresh schedule ({@code kh.schedule-defaults.*}): when a refresh schedule is set, a source
 * created without a {@code scheduler} section of its own gets this one, written into its config where it can be
 * seen and changed per source. Sources that bring their own {@code scheduler} section keep it.
 */
@ConfigMapping(prefix = "kh.schedule-defaults")
public interface ScheduleDefaults {

    /** 5-field cron expression (UTC), e.g. {@code 0 3 * * *}; unset: new sources are not refreshed on a schedule. */
    Optional<String> refreshSchedule();

    /** Scheduled refreshes are incremental unless a full one is due. */
    @WithDefault("true")
    boolean incrementalByDefault();

    /** Days between scheduled full refreshes (0: never). */
    @WithDefault("0")
    int forceRefreshInterval();
}
