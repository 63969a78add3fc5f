/**
 * Background jobs. The jobs table is the source of truth (status, progress, result); the
 * {@link io.knowledgehub.core.job.JobQueue} port carries ids to {@link io.knowledgehub.core.job.JobWorkers},
 * which run them with the {@link io.knowledgehub.core.job.JobHandler} of their type. Standalone uses
 * {@link io.knowledgehub.core.job.InProcessJobQueue}.
 */
package io.knowledgehub.core.job;
