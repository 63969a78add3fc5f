package io.knowledgehub.indexer.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Indexing settings ({@code kh.indexer.*}). */
@ConfigMapping(prefix = "kh.indexer")
public interface IndexerConfig {

    /** Documents chunked and embedded together (one embedding call, one database transaction each). */
    @WithDefault("16")
    int batchDocuments();
}
