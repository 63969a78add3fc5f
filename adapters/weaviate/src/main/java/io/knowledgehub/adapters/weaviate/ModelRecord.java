package io.knowledgehub.adapters.weaviate;

import io.knowledgehub.core.search.IndexModel;
import io.weaviate.client6.v1.api.collections.CollectionConfig;
import io.weaviate.client6.v1.api.collections.CollectionHandle;
import io.weaviate.client6.v1.api.collections.Property;
import io.weaviate.client6.v1.api.collections.Tokenization;
import io.weaviate.client6.v1.api.collections.VectorConfig;
import io.weaviate.client6.v1.api.collections.WeaviateObject;
import io.weaviate.client6.v1.api.collections.data.InsertManyResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedding model of the chunk collection, kept as one object in a small collection next to it (every
 * process sharing the Weaviate sees the same record, and it survives restarts). Kept apart from the chunks so
 * that counting and searching chunks never meets it.
 */
final class ModelRecord {

    static final String NAME = "modelName";
    static final String DIMENSION = "dimension";
    /** The one object of the collection, at a fixed id so that writing it again overwrites it. */
    static final String OBJECT_ID = UUID.nameUUIDFromBytes("knowledgehub-index-model".getBytes(StandardCharsets.UTF_8)).toString();

    private final CollectionHandle<Map<String, Object>> collection;

    ModelRecord(CollectionHandle<Map<String, Object>> collection) {
        this.collection = collection;
    }

    /** The schema: two properties and no vectors (a self-provided vector space that stays empty). */
    static CollectionConfig.Builder configure(CollectionConfig.Builder c) {
        return c.description("KnowledgeHub: the embedding model of the chunk vectors")
                .properties(Property.text(NAME, p -> p.tokenization(Tokenization.FIELD)), Property.integer(DIMENSION))
                .vectorConfig(VectorConfig.selfProvided());
    }

    Optional<IndexModel> read() {
        return collection.query.fetchObjectById(OBJECT_ID, b -> b.returnProperties(NAME, DIMENSION))
                .map(WeaviateObject::properties)
                .filter(p -> p.get(NAME) != null && p.get(DIMENSION) instanceof Number)
                .map(p -> new IndexModel(p.get(NAME).toString(), ((Number) p.get(DIMENSION)).intValue()));
    }

    void write(IndexModel model) {
        Map<String, Object> properties = Map.of(NAME, model.name(), DIMENSION, model.dimension());
        InsertManyResponse response = collection.data.insertMany(List.of(
                WeaviateObject.<Map<String, Object>>of(o -> o.uuid(OBJECT_ID).properties(properties))));
        if (!response.errors().isEmpty()) {
            throw new IllegalStateException("Weaviate did not record the embedding model " + model.name() + ": "
                    + response.errors().get(0));
        }
    }

    void delete() {
        try {
            collection.data.deleteById(OBJECT_ID);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the recorded embedding model from Weaviate", e);
        }
    }
}
