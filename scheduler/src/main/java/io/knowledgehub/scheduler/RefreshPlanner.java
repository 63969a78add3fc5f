package io.knowledgehub.scheduler;

import io.knowledgehub.core.source.CronSchedule;
import io.knowledgehub.core.source.SourceConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides which sources are due for a scheduled refresh between two ticks, and whether that refresh is a
 * full one. Pure: the same inputs always give the same plan.
 */
public final class RefreshPlanner {

    /** What the planner needs to know about one source. */
    public record ScheduledSource(UUID id, boolean active, SourceConfig.Schedule schedule, Instant lastFullCrawlAt) {
    }

    public record Refresh(UUID sourceId, boolean force) {
    }

    /** Minutes in (from, to] at which a schedule fires are looked at; a longer gap is cut to this many. */
    static final int MAX_MINUTES_SCANNED = 24 * 60;

    private RefreshPlanner() {
    }

    /** The refreshes due for schedule times in the interval (from, to], in the order of the input. */
    public static List<Refresh> plan(List<ScheduledSource> sources, Instant from, Instant to) {
        List<Refresh> out = new ArrayList<>();
        for (ScheduledSource s : sources) {
            if (!s.active() || !s.schedule().enabled()) {
                continue;
            }
            CronSchedule cron = CronSchedule.parse(s.schedule().refreshSchedule());
            firesBetween(cron, from, to).ifPresent(at -> out.add(new Refresh(s.id(), fullDue(s, at))));
        }
        return out;
    }

    static Optional<Instant> firesBetween(CronSchedule cron, Instant from, Instant to) {
        ZonedDateTime start = from.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime end = to.atZone(ZoneOffset.UTC);
        ZonedDateTime floor = end.minusMinutes(MAX_MINUTES_SCANNED).truncatedTo(ChronoUnit.MINUTES).minusSeconds(1);
        if (start.isBefore(floor)) {
            start = floor;
        }
        return cron.next(start).filter(at -> !at.isAfter(end)).map(ZonedDateTime::toInstant);
    }

    private static boolean fullDue(ScheduledSource s, Instant at) {
        if (!s.schedule().incrementalByDefault()) {
            return true;
        }
        int days = s.schedule().forceRefreshInterval();
        return days > 0 && (s.lastFullCrawlAt() == null
                || !s.lastFullCrawlAt().plus(Duration.ofDays(days)).isAfter(at));
    }
}
