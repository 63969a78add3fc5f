package io.knowledgehub.api.backup;

import java.util.List;

/**
 * {@code manifest.json}, the last entry of a backup: what the backup holds, counted in the backup's own copy of the
 * database and index commit, and every other entry with its size and SHA-256.
 *
 * @param writesPausedMs how long changes of the database and index waited while both were copied
 */
public record BackupManifest(String format, int formatVersion, String createdAt, String appVersion, String schemaVersion,
                             Database database, Index index, long writesPausedMs, List<FileEntry> files) {

    /** Counted in the backed-up database. */
    public record Database(long sources, long documents, long indexedDocuments, long pendingDocuments, long chunks,
                           long apiKeys) {
    }

    /** The backed-up index commit: its entries and the model of its vectors (null when it never held any). */
    public record Index(long chunks, String model, Integer dimensions) {
    }

    public record FileEntry(String path, long size, String sha256) {
    }

    BackupManifest withFiles(List<FileEntry> entries) {
        return new BackupManifest(format, formatVersion, createdAt, appVersion, schemaVersion, database, index,
                writesPausedMs, List.copyOf(entries));
    }

    /** One line for people: what the backup holds. */
    public String summary() {
        String model = index.model() == null ? "no model yet" : index.model() + " (" + index.dimensions() + " dimensions)";
        return database.sources() + " sources, " + database.documents() + " documents (" + database.indexedDocuments()
                + " indexed, " + database.pendingDocuments() + " waiting for indexing), " + database.chunks() + " chunks; index: "
                + index.chunks() + " entries, " + model;
    }
}
