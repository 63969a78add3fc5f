package io.knowledgehub.cluster.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;

import java.util.List;
import java.util.UUID;

/**
 * One write to the shared Lucene index sent by a process that only reads it, as stored (JSON) in the Redis list
 * {@value #LOG_KEY}. Every operation is idempotent, so applying one twice (the writer died after applying it but
 * before removing it from the list) changes nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IndexWrite(String op, UUID id, List<UUID> ids, List<String> chunkIds, List<IndexedChunk> chunks, IndexModel model) {

    static final String LOG_KEY = "search_index:writes";

    static IndexWrite replace(UUID documentId, List<IndexedChunk> chunks) {
        return new IndexWrite("replace_document", documentId, null, null, chunks, null);
    }

    static IndexWrite upsert(List<IndexedChunk> chunks) {
        return new IndexWrite("upsert", null, null, null, chunks, null);
    }

    static IndexWrite deleteChunks(List<String> chunkIds) {
        return new IndexWrite("delete_chunks", null, null, chunkIds, null, null);
    }

    static IndexWrite deleteDocuments(List<UUID> ids) {
        return new IndexWrite("delete_documents", null, ids, null, null, null);
    }

    static IndexWrite deleteSource(UUID sourceId) {
        return new IndexWrite("delete_source", sourceId, null, null, null, null);
    }

    static IndexWrite clear() {
        return new IndexWrite("clear", null, null, null, null, null);
    }

    static IndexWrite useModel(IndexModel model) {
        return new IndexWrite("use_model", null, null, null, null, model);
    }

    void applyTo(SearchIndex index) {
        switch (op) {
            case "replace_document" -> index.replaceDocument(id, chunks);
            case "upsert" -> index.upsert(chunks);
            case "delete_chunks" -> index.deleteChunks(chunkIds);
            case "delete_documents" -> index.deleteDocuments(ids);
            case "delete_source" -> index.deleteSource(id);
            case "clear" -> index.clear();
            case "use_model" -> index.useModel(model);
            default -> throw new IllegalArgumentException("unknown index write '" + op + "'");
        }
    }
}
