/**
 * Prometheus metrics every service exports on {@code /metrics}: the queue depths
 * ({@code queue_size{queue_name}} with the Redis key names of the spec, {@code job_queue_pending{type}}) in
 * {@link io.knowledgehub.service.metrics.QueueMetrics}, and what the workers of this process did
 * ({@code jobs_finished_total}, {@code job_duration_seconds}, {@code crawl_pages_total}, {@code index_documents_total},
 * {@code index_chunks_total}) in {@link io.knowledgehub.service.metrics.JobMetrics}.
 */
package io.knowledgehub.service.metrics;
