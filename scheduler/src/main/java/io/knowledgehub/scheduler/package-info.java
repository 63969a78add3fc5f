/**
 * Scheduled refreshes: {@link io.knowledgehub.scheduler.RefreshScheduler} ticks once a minute and asks the pure
 * {@link io.knowledgehub.scheduler.RefreshPlanner} which sources' cron schedules fired since the last tick and
 * whether a full refresh is due (force_refresh_interval).
 */
package io.knowledgehub.scheduler;
