package io.knowledgehub.service.health;

import io.agroal.api.AgroalDataSource;
import io.knowledgehub.core.job.JobHandler;
import io.knowledgehub.core.job.JobQueue;
import io.knowledgehub.core.job.JobType;
import io.knowledgehub.core.job.JobWorkers;
import io.knowledgehub.core.job.JobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** The components every service has: the database, the job queue, and (where they run) the crawl workers. */
public final class Checks {

    private Checks() {
    }

    @ApplicationScoped
    static class Database implements ComponentCheck {
        private final AgroalDataSource dataSource;

        Database(AgroalDataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public String name() {
            return "database";
        }

        @Override
        public Result check() {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("product", c.getMetaData().getDatabaseProductName());
                details.put("latency_ms", (System.nanoTime() - start) / 1_000_000.0);
                return new Result(true, details);
            } catch (Exception e) {
                return new Result(false, Map.of("error", "the database does not answer: " + e.getMessage()));
            }
        }
    }

    @ApplicationScoped
    static class Queue implements ComponentCheck {
        private final JobQueue queue;

        Queue(JobQueue queue) {
            this.queue = queue;
        }

        @Override
        public String name() {
            return "job_queue";
        }

        @Override
        public Result check() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("implementation", queue.getClass().getSimpleName().replace("_Subclass", "").replace("_ClientProxy", ""));
            for (JobType t : JobType.values()) {
                details.put(t.wire() + "_pending", queue.pending(t));
            }
            // jobs held by a worker now: what KEDA's metrics-api trigger reads to keep workers while jobs are in flight
            for (JobType t : JobType.values()) {
                details.put(t.wire() + "_processing", queue.inProgress(t).size());
            }
            return new Result(true, details);
        }
    }

    /**
     * Operational while this process's workers can take jobs: down, with {@code paused_since}, while they wait for an
     * unreachable job queue or database (they resume by themselves).
     */
    public static ComponentCheck.Result workers(JobWorkers workers, Map<String, Object> details, boolean configured) {
        Map<String, Object> out = new LinkedHashMap<>(details);
        var queue = workers.pausedSince();
        var database = workers.pausedForDatabaseSince();
        queue.or(() -> database).ifPresent(since -> {
            out.put("paused_since", since.toString());
            out.put("error", (queue.isPresent() ? "the job queue" : "the database")
                    + " cannot be reached; the workers wait for it and resume by themselves");
        });
        return new ComponentCheck.Result(configured && queue.isEmpty() && database.isEmpty(), out);
    }

    @ApplicationScoped
    static class Workers implements ComponentCheck {
        private final Instance<JobHandler> handlers;
        private final JobsConfig config;
        private final JobWorkers workers;

        Workers(Instance<JobHandler> handlers, JobsConfig config, JobWorkers workers) {
            this.handlers = handlers;
            this.config = config;
            this.workers = workers;
        }

        @Override
        public String name() {
            return "crawler";
        }

        /** Where crawl workers can run: the standalone app, a crawler service; not an API-only process. */
        @Override
        public boolean inUse() {
            return config.workersEnabled() && handlers.stream().anyMatch(h -> h.type() == JobType.CRAWL);
        }

        @Override
        public Result check() {
            boolean crawl = handlers.stream().anyMatch(h -> h.type() == JobType.CRAWL);
            return workers(workers, Map.of("workers_enabled", config.workersEnabled(),
                    "crawl_workers", config.workersEnabled() ? config.crawlWorkers() : 0), !config.workersEnabled() || crawl);
        }
    }
}
