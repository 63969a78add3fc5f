package io.knowledgehub.core.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this process can reach the {@link JobQueue}, as its last calls found: every caller that meets a
 * {@link QueueUnavailableException} reports it here, and every call that succeeds says so. The process logs one line
 * when the queue goes away and one when it answers again, not one per failed call; the health checks read it.
 */
@ApplicationScoped
public class QueueAvailability {

    private static final Logger LOG = Logger.getLogger(QueueAvailability.class);

    private final AtomicReference<Instant> unreachableSince = new AtomicReference<>();
    private volatile String lastError;

    /** A call to the queue failed because it cannot be reached. */
    public void unreachable(QueueUnavailableException e) {
        lastError = e.getMessage();
        if (unreachableSince.compareAndSet(null, Instant.now())) {
            LOG.warnf("The job queue cannot be reached (%s). New jobs wait in the database and are queued when it answers; "
                    + "workers pause and try again by themselves", e.getMessage());
        }
    }

    /** A call to the queue succeeded. */
    public void reachable() {
        Instant since = unreachableSince.getAndSet(null);
        if (since != null) {
            LOG.infof("The job queue answers again after %d s: workers resume, and jobs that waited in the database are queued",
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }

    /** Since when the queue has not answered; empty while it answers. */
    public Optional<Instant> unreachableSince() {
        return Optional.ofNullable(unreachableSince.get());
    }

    /** The last failure's reason while unreachable. */
    public Optional<String> lastError() {
        return unreachableSince.get() == null ? Optional.empty() : Optional.ofNullable(lastError);
    }
}
