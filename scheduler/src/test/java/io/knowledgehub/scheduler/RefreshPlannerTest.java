package io.knowledgehub.scheduler;

import io.knowledgehub.core.source.SourceConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshPlannerTest {

    private static final Instant SUNDAY_0159 = Instant.parse("2026-11-22T01:59:30Z");
    private static final Instant SUNDAY_0200 = Instant.parse("2026-11-22T02:00:30Z");

    private static RefreshPlanner.ScheduledSource source(boolean active, boolean enabled, boolean incremental,
                                                         int forceDays, Instant lastFull) {
        return new RefreshPlanner.ScheduledSource(UUID.randomUUID(), active,
                new SourceConfig.Schedule(enabled, "0 2 * * 0", incremental, forceDays), lastFull);
    }

    @Test
    void refreshes_sources_whose_schedule_fired_since_the_last_tick() {
        var due = source(true, true, true, 0, null);
        var disabled = source(true, false, true, 0, null);
        var paused = source(false, true, true, 0, null);
        List<RefreshPlanner.Refresh> plan = RefreshPlanner.plan(List.of(due, disabled, paused), SUNDAY_0159, SUNDAY_0200);
        assertThat(plan).containsExactly(new RefreshPlanner.Refresh(due.id(), false));
        assertThat(RefreshPlanner.plan(List.of(due), SUNDAY_0200, SUNDAY_0200.plusSeconds(60))).isEmpty();
    }

    @Test
    void a_full_refresh_is_due_after_force_refresh_interval_days() {
        var recent = source(true, true, true, 30, SUNDAY_0200.minusSeconds(86400L * 7));
        var old = source(true, true, true, 30, SUNDAY_0200.minusSeconds(86400L * 31));
        var never = source(true, true, true, 30, null);
        var alwaysFull = source(true, true, false, 0, SUNDAY_0200);
        assertThat(RefreshPlanner.plan(List.of(recent, old, never, alwaysFull), SUNDAY_0159, SUNDAY_0200))
                .extracting(RefreshPlanner.Refresh::force).containsExactly(false, true, true, true);
    }

    @Test
    void a_long_gap_fires_once() {
        var hourly = new RefreshPlanner.ScheduledSource(UUID.randomUUID(), true,
                new SourceConfig.Schedule(true, "0 * * * *", true, 0), null);
        assertThat(RefreshPlanner.plan(List.of(hourly), SUNDAY_0159.minusSeconds(5 * 3600), SUNDAY_0200)).hasSize(1);
    }

    /** Two long-running schedulers tick at different seconds of the minute: the firing is queued once. */
    @Test
    void a_firing_another_scheduler_already_queued_is_not_queued_again() {
        var due = source(true, true, true, 0, null);
        java.util.Map<UUID, Instant> requested = new java.util.HashMap<>();
        requested.put(due.id(), SUNDAY_0159.minusSeconds(3600)); // its last crawl, an hour before
        // scheduler A ticks at 02:00:09 and queues the refresh
        Instant a = Instant.parse("2026-11-22T02:00:09Z");
        assertThat(RefreshScheduler.dueAtTick(List.of(due), a.minusSeconds(60), a, requested::get))
                .containsExactly(new RefreshPlanner.Refresh(due.id(), false));
        requested.put(due.id(), a);
        // scheduler B ticks at 02:00:18: the firing at 02:00 was already requested
        Instant b = Instant.parse("2026-11-22T02:00:18Z");
        assertThat(RefreshScheduler.dueAtTick(List.of(due), b.minusSeconds(60), b, requested::get)).isEmpty();
        // a manual refresh before the firing does not swallow it
        requested.put(due.id(), Instant.parse("2026-11-22T01:59:50Z"));
        assertThat(RefreshScheduler.dueAtTick(List.of(due), b.minusSeconds(60), b, requested::get)).hasSize(1);
        // a source that has no crawl request at all is planned from the last tick
        assertThat(RefreshScheduler.dueAtTick(List.of(due), b.minusSeconds(60), b, id -> null)).hasSize(1);
    }
}
