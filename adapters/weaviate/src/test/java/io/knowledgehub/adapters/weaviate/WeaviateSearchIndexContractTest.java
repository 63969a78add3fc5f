package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchIndexContract;
import io.weaviate.client6.v1.api.WeaviateClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.UUID;

/**
 * The search index contract against a live Weaviate (set {@code WEAVIATE_URL}, e.g. {@code http://localhost:8080};
 * gRPC on 50051 unless {@code WEAVIATE_GRPC_PORT} says otherwise). Each test gets its own collection, dropped
 * afterwards.
 */
@EnabledIfEnvironmentVariable(named = "WEAVIATE_URL", matches = ".+")
class WeaviateSearchIndexContractTest extends SearchIndexContract {

    private final String collection = "KhContract" + UUID.randomUUID().toString().replace("-", "");

    @Override
    protected SearchIndex newIndex() {
        return WeaviateSearchIndex.connect(settings());
    }

    @Override
    protected SearchIndex reopen(SearchIndex index) {
        index.close();
        return WeaviateSearchIndex.connect(settings());
    }

    /** Runs before the contract closes the index: drops what the test created, through a client of its own. */
    @AfterEach
    void dropCollections() throws Exception {
        try (WeaviateClient admin = WeaviateSearchIndex.openClient(settings())) {
            admin.collections.delete(collection);
            admin.collections.delete(WeaviateSearchIndex.modelCollection(collection));
        }
    }

    private WeaviateSettings settings() {
        WeaviateSettings env = WeaviateSettings.fromEnvironment();
        return new WeaviateSettings(env.scheme(), env.host(), env.httpPort(), env.grpcHost(), env.grpcPort(), env.apiKey(), collection);
    }
}
