package io.knowledgehub.scheduler.service;

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
 * standalone app does in process). With {@code refresh-due} (or its alias {@code once}) it queues the refreshes due now
 * and exits with 0 (1 on failure): the command of a Kubernetes CronJob. The one-shot run listens on a random free port (none is needed),
 * so it can run beside a long-running scheduler.
 */
@QuarkusMain
public class SchedulerMain {

    static final String REFRESH_DUE = "refresh-due";
    static final List<String> ONE_SHOT = List.of(REFRESH_DUE, "once");

    public static void main(String... args) {
        if (args.length == 1 && ONE_SHOT.contains(args[0]) && System.getProperty("quarkus.http.port") == null) {
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(App.class, args);
    }

    public static class App implements QuarkusApplication {
        private static final Logger LOG = Logger.getLogger(SchedulerMain.class);

        @Inject
        RefreshScheduler scheduler;

        @Override
        public int run(String... args) {
            List<String> commands = Arrays.asList(args);
            if (commands.isEmpty()) {
                Quarkus.waitForExit();
                return 0;
            }
            if (commands.size() != 1 || !ONE_SHOT.contains(commands.get(0))) {
                LOG.errorf("Unknown arguments %s; run without arguments to keep scheduling, or with %s to queue the "
                        + "refreshes due now and exit", commands, REFRESH_DUE);
                return 2;
            }
            List<RefreshPlanner.Refresh> queued = scheduler.refreshDue(Instant.now());
            LOG.infof("%s: queued %d refresh(es)", REFRESH_DUE, queued.size());
            return 0;
        }
    }
}
