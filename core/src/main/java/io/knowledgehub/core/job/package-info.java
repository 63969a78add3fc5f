/**
 * Background jobs. The jobs table is the source of truth (status, progress, result), read and written only through
 * {@link io.knowledgehub.core.job.JobRepository}, whose one conditional update moves a job between the
 * {@link io.knowledgehub.core.job.JobStatus} values that status allows; the
 * {@link io.knowledgehub.core.job.JobQueue} port carries ids to {@link io.knowledgehub.core.job.JobWorkers},
 * which run them with the {@link io.knowledgehub.core.job.JobHandler} of their type. A taken job is a
 * {@link io.knowledgehub.core.job.JobLease} that its worker renews while the job runs; leases of workers that
 * stopped expire and their jobs go to other workers, up to {@code kh.jobs.max-attempts} times. Standalone uses
 * {@link io.knowledgehub.core.job.InProcessJobQueue}; cluster mode shares a queue between processes. The table is
 * also the queue's outbox: a job that could not be queued (the queue unreachable) stays pending, and
 * {@link io.knowledgehub.core.job.JobRelay} queues what the table holds and the queue lacks once it answers.
 */
package io.knowledgehub.core.job;
