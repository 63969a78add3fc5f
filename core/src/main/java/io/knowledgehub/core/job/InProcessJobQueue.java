package io.knowledgehub.core.job;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The standalone queue: in memory, refilled from the jobs table when the process starts. */
@ApplicationScoped
@DefaultBean
public class InProcessJobQueue implements JobQueue {

    private final Map<JobType, LinkedBlockingQueue<UUID>> queues = new EnumMap<>(JobType.class);
    private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();

    public InProcessJobQueue() {
        for (JobType type : JobType.values()) {
            queues.put(type, new LinkedBlockingQueue<>());
        }
    }

    @Override
    public void enqueue(UUID jobId, JobType type) {
        if (waiting.add(jobId)) {
            queues.get(type).add(jobId);
        }
    }

    @Override
    public Optional<UUID> take(JobType type, Duration wait) throws InterruptedException {
        UUID id = queues.get(type).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (id != null) {
            waiting.remove(id);
        }
        return Optional.ofNullable(id);
    }

    @Override
    public long pending(JobType type) {
        return queues.get(type).size();
    }
}
