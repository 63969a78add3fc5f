package io.knowledgehub.service.metrics;

import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.function.ToDoubleFunction;

/**
 * The queue depths, read from the {@link JobQueue} at each scrape (in cluster mode every service reads the same Redis
 * lists, so any of them can be scraped for the autoscaler):
 * <ul>
 *   <li>{@code queue_size{queue_name="crawl_jobs:pending"}}, {@code ..."rag_jobs:pending"}: jobs waiting; and
 *       {@code ..."crawl_jobs:processing"}, {@code ..."rag_jobs:processing"}: jobs held by a worker (the spec's
 *       dashboard queries and Redis key names);</li>
 *   <li>{@code job_queue_pending{type="crawl"|"rag"}}: jobs waiting, as the standalone app always exported it.</li>
 * </ul>
 * A queue that cannot be read (Redis down) reports NaN rather than failing the scrape.
 */
@ApplicationScoped
public class QueueMetrics {

    private final MeterRegistry registry;
    private final JobQueue queue;

    public QueueMetrics(MeterRegistry registry, JobQueue queue) {
        this.registry = registry;
        this.queue = queue;
    }

    /** The spec's queue names: {@code crawl_jobs:pending}, {@code rag_jobs:processing}, ... */
    public static String queueName(JobType type, String state) {
        return type.wire() + "_jobs:" + state;
    }

    void register(@Observes StartupEvent event) {
        for (JobType t : JobType.values()) {
            Gauge.builder("job.queue.pending", queue, safe(q -> q.pending(t))).tag("type", t.wire())
                    .description("Jobs waiting for a worker").register(registry);
            Gauge.builder("queue.size", queue, safe(q -> q.pending(t))).tag("queue_name", queueName(t, "pending"))
                    .description("Jobs in a queue: waiting (pending) or held by a worker (processing)").register(registry);
            Gauge.builder("queue.size", queue, safe(q -> q.inProgress(t).size())).tag("queue_name", queueName(t, "processing"))
                    .description("Jobs in a queue: waiting (pending) or held by a worker (processing)").register(registry);
        }
    }

    private static ToDoubleFunction<JobQueue> safe(ToDoubleFunction<JobQueue> read) {
        return q -> {
            try {
                return read.applyAsDouble(q);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
