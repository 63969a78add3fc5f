package io.knowledgehub.indexer.job;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * After a crash the index and the database may disagree (see {@link IndexReconcile}): the app repairs that before it
 * serves searches, without a rebuild. A failure is logged, not fatal: searches still skip removed documents, and
 * {@code POST /api/v1/index/reconcile} can be tried again.
 */
@ApplicationScoped
public class ReconcileOnStart {

    private static final Logger LOG = Logger.getLogger(ReconcileOnStart.class);

    private final IndexReconcile reconcile;
    private final IndexerConfig config;

    public ReconcileOnStart(IndexReconcile reconcile, IndexerConfig config) {
        this.reconcile = reconcile;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.reconcileOnStart()) {
            return;
        }
        try {
            reconcile.reconcile().ifPresent(r -> {
                if (r.found().consistent() && r.jobIds().isEmpty()) {
                    LOG.debugf("Index and database agree: %d documents, %d chunks", r.found().index().documents(),
                            r.found().index().chunks());
                }
            });
        } catch (RuntimeException e) {
            // one line with the root cause: a configuration the start-up refuses anyway (no index set, the index's
            // write lock held by another indexer) is then said once, by that refusal, not buried under this one
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof io.quarkus.runtime.configuration.ConfigurationException refusal) {
                throw refusal; // a setting the start refuses: said by the refusal alone
            }
            LOG.errorf("Could not reconcile the search index with the database at start-up (%s); the next start tries "
                    + "again, as does POST /api/v1/index/reconcile in the standalone app", root.getMessage());
            LOG.debug("Start-up reconcile failure", e);
        }
    }
}
