package io.knowledgehub.api.standalone;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The standalone index: Lucene under the data directory ({@link InProcessEmbedderBeans} has the embedder). */
public class StandaloneBeans {

    private static final Logger LOG = Logger.getLogger(StandaloneBeans.class);

    @Produces
    @Singleton
    @DefaultBean
    SearchIndex searchIndex(DataConfig data, SearchConfig search) {
        VectorQuantization setting = VectorQuantization.parse(search.vectorQuantization());
        long decodedBytes = SearchConfig.decodedChunksBytes(search.decodedChunksMb());
        LuceneSearchIndex index = new LuceneSearchIndex(data.dataDir().resolve("index"), decodedBytes, setting);
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

    void close(@Disposes SearchIndex index) {
        index.close();
    }
}
