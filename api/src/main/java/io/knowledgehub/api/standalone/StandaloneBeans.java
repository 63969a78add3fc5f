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

/** The standalone index: Lucene under the data directory ({@link InProcessEmbedderBeans} has the embedder). */
public class StandaloneBeans {

    @Produces
    @Singleton
    @DefaultBean
    SearchIndex searchIndex(DataConfig data, SearchConfig search) {
        return new LuceneSearchIndex(data.dataDir().resolve("index"), (long) search.decodedChunksMb() << 20,
                VectorQuantization.parse(search.vectorQuantization()));
    }

    void close(@Disposes SearchIndex index) {
        index.close();
    }
}
