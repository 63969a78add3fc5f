/**
 * Backup and restore of a standalone installation (docs/backup.md). {@link io.knowledgehub.api.backup.BackupResource}
 * ({@code POST /api/v1/backup}) streams a consistent snapshot of the database and the search index taken by
 * {@link io.knowledgehub.api.backup.BackupService}; {@link io.knowledgehub.api.backup.BackupArchive} is the zip format
 * and its checks; {@link io.knowledgehub.api.backup.BackupCommand} is {@code ./kh backup} and {@code ./kh restore},
 * a plain program outside the app (JDK and Jackson only).
 */
package io.knowledgehub.api.backup;
