package io.knowledgehub.api.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.core.job.Job;
import io.knowledgehub.core.job.JobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pushes job changes to the open event streams. It watches the jobs table rather than the workers, so updates
 * from workers in other processes (cluster mode) arrive the same way as from the in-process ones. The table is
 * read twice a second, and only while somebody listens.
 */
@ApplicationScoped
public class JobChangeFeed {

    private static final Logger LOG = Logger.getLogger(JobChangeFeed.class);
    static final long POLL_MS = 500;
    private static final long PING_EVERY_MS = 15_000;
    /** Rows are re-read this far back, so a write committed late with an earlier timestamp is still seen. */
    private static final long OVERLAP_MS = 5_000;

    private record Listener(SseEventSink sink, Sse sse) {
    }

    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final Map<UUID, String> lastSent = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-change-feed");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> polling;
    private Instant since = Instant.now();
    private long lastPing = System.currentTimeMillis();

    public JobChangeFeed(JobRepository jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    synchronized void subscribe(SseEventSink sink, Sse sse) {
        Listener listener = new Listener(sink, sse);
        listeners.add(listener);
        // the stream opens with a comment so clients (and proxies) see the connection is live at once
        send(listener, sse.newEventBuilder().comment("job updates").build());
        if (polling == null) {
            since = Instant.now().minusMillis(OVERLAP_MS);
            polling = timer.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void poll() {
        try {
            listeners.removeIf(l -> l.sink().isClosed());
            if (listeners.isEmpty()) {
                polling.cancel(false);
                polling = null;
                lastSent.clear();
                return;
            }
            Instant now = Instant.now();
            List<Job> changed = QuarkusTransaction.requiringNew().call(() -> jobs.changedSince(null, since, 500));
            for (Job job : changed) {
                String data = json.writeValueAsString(JobView.of(job, json));
                if (!data.equals(lastSent.put(job.id, data))) {
                    broadcast("job", data);
                }
            }
            since = now.minusMillis(OVERLAP_MS);
            // forget jobs that stopped changing long ago; they are re-sent only if they change again
            if (lastSent.size() > 2_000) {
                lastSent.clear();
            }
            if (System.currentTimeMillis() - lastPing > PING_EVERY_MS) {
                lastPing = System.currentTimeMillis();
                for (Listener l : listeners) {
                    send(l, l.sse().newEventBuilder().comment("ping").build());
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Reading job changes failed; retrying", e);
        }
    }

    private void broadcast(String name, String data) {
        for (Listener l : listeners) {
            send(l, l.sse().newEventBuilder().name(name).data(data).build());
        }
    }

    private void send(Listener l, OutboundSseEvent event) {
        if (l.sink().isClosed()) {
            listeners.remove(l);
            return;
        }
        l.sink().send(event).whenComplete((ok, error) -> {
            if (error != null) {
                listeners.remove(l);
                l.sink().close();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        listeners.forEach(l -> l.sink().close());
    }
}
