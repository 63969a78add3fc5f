package io.knowledgehub.api.standalone;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/** The standalone index: Lucene under the data directory ({@link InProcessEmbedderBeans} has the embedder). */
public class StandaloneBeans {

    private static final Logger LOG = Logger.getLogger(StandaloneBeans.class);

    @Produces
    @Singleton
    @DefaultBean
    SearchIndex searchIndex(DataConfig data, SearchConfig search) {
        VectorQuantization setting;
        try {
            setting = VectorQuantization.parse(search.vectorQuantization());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("KH_SEARCH_VECTOR_QUANTIZATION=" + search.vectorQuantization() + ": " + e.getMessage()
                    + " (docs/configuration.md).");
        }
        long decodedBytes = SearchConfig.decodedChunksBytes(search.decodedChunksMb());
        LuceneSearchIndex index = open(data.dataDir().resolve("index"), decodedBytes, setting);
        LOG.infof("Search keeps up to %d MiB of chunks it decoded (KH_SEARCH_DECODED_CHUNKS_MB; unset: a third of the heap)",
                decodedBytes >> 20);
        boolean wantsBytes = setting == VectorQuantization.INT8_ONLY;
        if (index.holdsByteVectors() != wantsBytes) {
            LOG.infof("The search index holds %s vectors and keeps them; KH_SEARCH_VECTOR_QUANTIZATION=%s applies to it "
                            + "after POST /api/v1/index/rebuild", index.holdsByteVectors() ? "8-bit" : "float",
                    setting.setting());
        }
        if (index.keepsPrefixWordPositions()) {
            LOG.info("The search index was written by an earlier release and keeps positions for the words prefix queries "
                    + "match (about a tenth of its size); POST /api/v1/index/rebuild writes it without them");
        }
        return index;
    }

    /**
     * The index at {@code path}; one whose files are damaged (a file missing or cut short: a disk that failed, files
     * removed by hand) is moved aside to {@code index.damaged-<time>} and a new, empty one is opened in its place. The
     * index is derived from the database, which still says which pages must be searchable: the start-up reconcile
     * finds them missing and queues their indexing (their vectors come from the embedding cache). An index that cannot
     * be opened for another reason (another app using it, no permission, a newer format) stops the start as before.
     */
    static LuceneSearchIndex open(Path path, long decodedBytes, VectorQuantization setting) {
        try {
            return new LuceneSearchIndex(path, decodedBytes, setting);
        } catch (RuntimeException e) {
            if (!LuceneSearchIndex.damaged(e)) {
                throw e;
            }
            Path aside = path.resolveSibling(path.getFileName() + ".damaged-"
                    + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.now()));
            try {
                java.nio.file.Files.move(path, aside);
            } catch (java.io.IOException moved) {
                e.addSuppressed(moved);
                throw e;
            }
            LOG.warnf("The search index at %s is damaged (%s) and was moved to %s; a new index is built from the database "
                    + "(the reconcile at start, or POST /api/v1/index/reconcile, queues every page for indexing, with the vectors "
                    + "the embedding cache holds). Delete %s once searches "
                    + "answer as before.", path, rootCause(e), aside, aside.getFileName());
            return new LuceneSearchIndex(path, decodedBytes, setting);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    void close(@Disposes SearchIndex index) {
        index.close();
    }
}
