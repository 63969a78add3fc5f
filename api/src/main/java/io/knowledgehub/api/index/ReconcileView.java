package io.knowledgehub.api.index;

import io.knowledgehub.indexer.job.IndexReconcile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** {@code POST /api/v1/index/reconcile}: what differed, what was done, and how the two compare now. */
public record ReconcileView(
        @Schema(description = "The differences found") FoundView found,
        @Schema(description = "Index entries deleted: of removed documents and old versions") long deletedChunks,
        @Schema(description = "Removed documents whose entries were deleted") long deletedDocuments,
        @Schema(description = "Documents the index lacked, set back to pending to be indexed again (only they are embedded again)")
        long requeuedDocuments,
        @Schema(description = "Indexing jobs queued for them (and for sources with pending documents and no job)") List<UUID> jobIds,
        @Schema(description = "Database and index counts after the repair") IndexView.CountsView database,
        IndexView.CountsView index,
        @Schema(description = "Whether the two agree now (documents queued again count as pending, not as differences)") boolean consistent) {

    /** The differences found, before any repair. */
    public record FoundView(
            @Schema(description = "Documents that no longer exist but had entries in the index") long orphanDocuments,
            long orphanChunks,
            @Schema(description = "Existing documents with index entries that are not among their stored chunks (an old version)")
            long staleDocuments,
            long staleChunks,
            @Schema(description = "Documents marked indexed whose stored chunks the index lacked") long missingDocuments,
            long missingChunks,
            long pendingDocuments,
            @Schema(description = "Whether the two agreed before the repair") boolean consistent) {
    }

    static ReconcileView of(IndexReconcile.Result r) {
        IndexReconcile.Comparison f = r.found();
        return new ReconcileView(new FoundView(f.orphanDocuments(), f.orphanChunks(), f.staleDocuments(), f.staleChunks(),
                f.missingDocuments(), f.missingChunks(), f.pendingDocuments(), f.consistent()),
                r.deletedChunks(), r.deletedDocuments(), r.requeuedDocuments(), r.jobIds(),
                IndexView.CountsView.of(r.after().database()), IndexView.CountsView.of(r.after().index()), r.after().consistent());
    }
}
