package io.knowledgehub.scheduler.service;

import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.source.SourceService;
import io.knowledgehub.scheduler.RefreshPlanner;
import io.knowledgehub.scheduler.RefreshScheduler;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The scheduler service. Without arguments it keeps running and queues scheduled refreshes once a minute (like the
 * standalone app does in process). With a command ({@link SchedulerCommand}: {@code refresh-due}, its alias
 * {@code once}, {@code refresh-all [--force]}, {@code refresh SOURCE_ID [--force]}) it queues those crawls and exits
 * with 0 (1 when it failed, 2 for arguments it does not understand): {@code refresh-due} is the command of the
 * Kubernetes CronJob, the others are run by hand with {@code kubectl create job --from=cronjob/...}. A one-shot run
 * listens on a random free port (none is needed), so it can run beside a long-running scheduler.
 */
@QuarkusMain
public class SchedulerMain {

    static final String REFRESH_DUE = "refresh-due";

    public static void main(String... args) {
        SchedulerCommand command = SchedulerCommand.parse(Arrays.asList(args));
        if (command instanceof SchedulerCommand.Invalid invalid) {
            // before connecting to anything: a mistyped kubectl command fails at once and says why
            System.err.println("scheduler: " + invalid.message());
            System.exit(2);
        }
        if (command.oneShot() && System.getProperty("quarkus.http.port") == null) {
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(App.class, args);
    }

    public static class App implements QuarkusApplication {
        private static final Logger LOG = Logger.getLogger(SchedulerMain.class);

        @Inject
        RefreshScheduler scheduler;

        @Inject
        SourceService sources;

        @Override
        public int run(String... args) {
            SchedulerCommand command = SchedulerCommand.parse(Arrays.asList(args));
            try {
                switch (command) {
                    case SchedulerCommand.Serve s -> {
                        Quarkus.waitForExit();
                        return 0;
                    }
                    case SchedulerCommand.Invalid invalid -> {
                        LOG.error(invalid.message());
                        return 2;
                    }
                    case SchedulerCommand.RefreshDue d -> {
                        List<RefreshPlanner.Refresh> queued = scheduler.refreshDue(Instant.now());
                        LOG.infof("%s: queued %d refresh(es)", REFRESH_DUE, queued.size());
                    }
                    case SchedulerCommand.RefreshAll all -> {
                        List<Job> jobs = sources.refreshAll(all.force());
                        LOG.infof("refresh-all: %d crawl job(s) (%s) for the active sources: %s", jobs.size(),
                                all.force() ? "full" : "incremental", jobs.stream().map(j -> j.id).toList());
                    }
                    case SchedulerCommand.RefreshOne one -> {
                        Job job = sources.refresh(one.sourceId(), one.force());
                        LOG.infof("refresh: crawl job %s (%s) of source %s, %s", job.id, one.force() ? "full" : "incremental",
                                one.sourceId(), job.status().wire());
                    }
                }
                return 0;
            } catch (RuntimeException e) {
                LOG.errorf("%s failed: %s", args.length > 0 ? args[0] : "scheduler", e.getMessage());
                return 1;
            }
        }
    }
}
