/**
 * What makes a backup of a running installation consistent: {@link io.knowledgehub.core.backup.BackupGate}, which
 * every change of the database and the search index together passes, and which a backup closes for the moment it
 * copies both. The backup itself (standalone only) is in the api module.
 */
package io.knowledgehub.core.backup;
