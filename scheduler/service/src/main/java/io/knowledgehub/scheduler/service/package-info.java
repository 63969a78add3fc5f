/**
 * The scheduler service of cluster mode: {@link io.knowledgehub.scheduler.service.SchedulerMain} runs the scheduler
 * library's {@code RefreshScheduler} once a minute, or once with {@code refresh-due} (a CronJob). See the module README.
 */
package io.knowledgehub.scheduler.service;
