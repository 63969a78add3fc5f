package io.knowledgehub.api.standalone;

import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.embeddings.EmbedderRegistry;
import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The standalone adapters: the Lucene index under the data directory, the in-process embedding model. */
public class StandaloneBeans {

    @Produces
    @Singleton
    @DefaultBean
    SearchIndex searchIndex(DataConfig data) {
        return new LuceneSearchIndex(data.dataDir().resolve("index"));
    }

    void close(@Disposes SearchIndex index) {
        index.close();
    }

    @Produces
    @Singleton
    @DefaultBean
    Embedder embedder(EmbedderRegistry models) {
        return models.active();
    }
}
