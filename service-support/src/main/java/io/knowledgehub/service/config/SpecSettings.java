package io.knowledgehub.service.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's operational variables that every service reads:
 * <ul>
 * <li>{@code METRICS_ENABLED} ({@code kh.operations.metrics-enabled}, default true): false answers {@code /metrics} with 404,
 * on the service's port and on a management port alike, so nothing scrapes it.</li>
 * <li>{@code DEBUG} ({@code kh.operations.debug}, default false): true logs KnowledgeHub's own lines at DEBUG (the category
 * {@code io.knowledgehub}, set by {@link DebugLogging}), whatever {@code LOG_LEVEL} sets for the libraries underneath.</li>
 * <li>{@code SOURCE_CACHE_TTL}, {@code JOB_CACHE_TTL}, {@code WORKERS}, {@code MODEL_CACHE_DIR}, {@code S3_ENDPOINT_URL},
 * {@code S3_BUCKET}, {@code VITE_API_URL} and {@code VITE_WS_URL}: set, they are named in the log at start with what to
 * use instead, since there is nothing for them to set here ({@link #NOT_APPLICABLE} says why for each).</li>
 * </ul>
 * {@code PROMETHEUS_PORT} and {@code SESSION_TIMEOUT} are properties of the api (application.properties).
 */
@ApplicationScoped
public class SpecSettings {

    /** Before the API-key check (-970) and after the cross-site one (-980): a turned-off endpoint is simply not there. */
    static final int ORDER = -975;

    static final String METRICS_OFF = "Metrics are turned off on this service (METRICS_ENABLED=false); set METRICS_ENABLED=true to serve /metrics.";

    /** The contract's variables that have nothing to set in KnowledgeHub, with what to use instead. */
    static final Map<String, String> NOT_APPLICABLE = notApplicable();

    private static final Logger LOG = Logger.getLogger(SpecSettings.class);

    private final Config config;
    private final OperationsConfig operations;

    SpecSettings(Config config, OperationsConfig operations) {
        this.config = config;
        this.operations = operations;
    }

    private static Map<String, String> notApplicable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("SOURCE_CACHE_TTL", "sources are read from the database on every request, never cached, so a change shows at once");
        m.put("JOB_CACHE_TTL", "jobs are read from the database on every request, never cached; GET /api/v1/jobs/events streams their changes");
        m.put("WORKERS", "requests are served by event loops and a worker pool sized to the processors; KH_SEARCH_CONCURRENCY bounds the searches run at once");
        m.put("MODEL_CACHE_DIR", "the embedding models ship inside the app and nothing is downloaded; the model runtime's native libraries are unpacked under KH_DATA_DIR");
        String storage = "KnowledgeHub keeps pages in its database and the search index on disk or in Weaviate, nothing in object "
                + "storage; a backup is a file (docs/backup.md) that can be copied to S3 as the tutorials' backup script does";
        m.put("S3_ENDPOINT_URL", storage);
        m.put("S3_BUCKET", storage);
        String ui = "the web UI is served by the api itself, on the API's own address, and needs no build setting";
        m.put("VITE_API_URL", ui);
        m.put("VITE_WS_URL", ui);
        return m;
    }

    void onStart(@Observes StartupEvent event) {
        if (operations.debug()) {
            // the level itself is set before logging starts (DebugLogging)
            LOG.info("DEBUG=true: KnowledgeHub's own log lines at DEBUG (LOG_LEVEL sets the rest)");
        }
        if (!operations.metricsEnabled()) {
            LOG.info("METRICS_ENABLED=false: /metrics answers 404");
        }
        NOT_APPLICABLE.forEach((name, instead) -> {
            Optional<String> value = config.getOptionalValue(name, String.class);
            if (value.isPresent() && !value.get().isBlank()) {
                LOG.infof("%s is set, but has nothing to set in KnowledgeHub: %s.", name, instead);
            }
        });
    }

    void routes(@Observes Router router) {
        // with a management interface (the cluster api) /metrics is not on this port at all
        if (!config.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false)) {
            guard(router);
        }
    }

    void managementRoutes(@Observes ManagementInterface management) {
        guard(management.router());
    }

    /** Quarkus serves the scrape at /metrics and at every path under it: all of them go. */
    private void guard(Router router) {
        if (!operations.metricsEnabled()) {
            router.routeWithRegex(METRICS_PATHS).order(ORDER).handler(SpecSettings::metricsOff);
        }
    }

    static final String METRICS_PATHS = "/metrics(/.*)?";

    private static void metricsOff(RoutingContext ctx) {
        JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Not Found").put("status", 404)
                .put("detail", METRICS_OFF);
        ctx.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end(problem.encode());
    }
}
