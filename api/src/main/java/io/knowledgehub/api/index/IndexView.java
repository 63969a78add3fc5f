package io.knowledgehub.api.index;

import io.knowledgehub.indexer.job.IndexReconcile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/index}. */
public record IndexView(
        @Schema(description = "Chunks in the search index") long chunks,
        @Schema(description = "Segments of the search index, each searched on its own; the indexer merges them into one after "
                + "KH_INDEXER_MERGE_AFTER_IDLE without writes. Null where the index has none of its own (Weaviate)")
        Integer segments,
        @Schema(description = "The embedding model of the vectors in the index; null for an index that never held any") String model,
        Integer dimensions,
        @Schema(description = "The model the app embeds with (KH_EMBEDDINGS_MODEL)") String configuredModel,
        @Schema(description = "What is wrong with the index, if anything (another model's vectors)") String problem,
        @Schema(description = "Documents with stored chunks, and those chunks, in the database; null where the index cannot be compared (cluster backends)")
        CountsView database,
        @Schema(description = "Documents with entries, and entries, in the search index; null where it cannot be compared")
        CountsView index,
        @Schema(description = "Documents waiting for indexing: their entries may still be the previous version until their job runs")
        Long pendingDocuments,
        @Schema(description = "Every document the database calls indexed is in the index exactly as stored, and the index holds "
                + "nothing else (pending documents aside); null where it cannot be compared. False: POST /api/v1/index/reconcile repairs it")
        Boolean consistent) {

    /** Documents and chunks on one side. */
    public record CountsView(long documents, long chunks) {

        static CountsView of(IndexReconcile.Counts c) {
            return new CountsView(c.documents(), c.chunks());
        }
    }
}
