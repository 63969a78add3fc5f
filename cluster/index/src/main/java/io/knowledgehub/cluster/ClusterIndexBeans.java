package io.knowledgehub.cluster;

import io.knowledgehub.adapters.lucene.LuceneIndexReader;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.weaviate.WeaviateSearchIndex;
import io.knowledgehub.adapters.weaviate.WeaviateSettings;
import io.knowledgehub.cluster.index.SharedVersionIndex;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchIndex;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The search index of cluster builds, in the services that use it (the api searches it, the indexer is its one
 * writer; other processes ask for changes through the index outbox in PostgreSQL): on {@code WEAVIATE_URL}, or else
 * the shared Lucene index of {@code KH_CLUSTER_INDEX_DIR}, which the indexer writes ({@code kh.cluster.index.writer},
 * one indexer only: Lucene's write lock refuses a second) and the api reads, reopening it at most every
 * {@code KH_CLUSTER_INDEX_REFRESH_INTERVAL}.
 */
@IfBuildProfile("cluster")
public class ClusterIndexBeans {

    private static final Logger LOG = Logger.getLogger(ClusterIndexBeans.class);

    @Produces
    @Singleton
    SearchIndex searchIndex(ClusterConfig config, JedisPooled redis, SearchConfig search) {
        ClusterConfig.Weaviate w = config.weaviate();
        if (w.url().isPresent()) {
            WeaviateSettings settings = WeaviateSettings.of(w.url().get(), w.grpcHost().orElse(null),
                    w.grpcPort().isPresent() ? w.grpcPort().getAsInt() : null, w.apiKey().orElse(null), w.collection().orElse(null));
            LOG.infof("Cluster mode: search index on Weaviate %s", settings);
            return new SharedVersionIndex(WeaviateSearchIndex.connect(settings), redis);
        }
        Path dir = config.index().dir().orElseThrow(() -> new IllegalStateException(
                "Cluster mode needs a search index that every process shares: set WEAVIATE_URL to the Weaviate server "
                        + "(e.g. http://weaviate:8080), or, for processes on ONE machine, KH_CLUSTER_INDEX_DIR to a directory "
                        + "for a shared Lucene index written by the indexer service."));
        if (config.index().writer()) {
            LOG.infof("Cluster mode: writing the shared Lucene index in %s", dir);
            try {
                return new LuceneSearchIndex(dir);
            } catch (RuntimeException e) {
                if (lockHeld(e)) {
                    throw new IllegalStateException("Another indexer already writes the shared Lucene index in " + dir
                            + " (KH_CLUSTER_INDEX_DIR): exactly one indexer may write it. Stop the other one, or use "
                            + "Weaviate (WEAVIATE_URL) to run several indexers.", e);
                }
                throw e;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the shared index directory " + dir + ": " + e.getMessage(), e);
        }
        long decodedBytes = SearchConfig.decodedChunksBytes(search.decodedChunksMb());
        LOG.infof("Cluster mode: reading the shared Lucene index in %s (the indexer service writes it); search keeps up "
                + "to %d MiB of chunks it decoded (KH_SEARCH_DECODED_CHUNKS_MB; unset: a third of the heap)", dir, decodedBytes >> 20);
        return new LuceneIndexReader(dir, config.index().refreshInterval(), decodedBytes);
    }

    private static boolean lockHeld(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.lucene.store.LockObtainFailedException) {
                return true;
            }
        }
        return false;
    }

    void close(@Disposes SearchIndex index) {
        index.close();
    }
}
