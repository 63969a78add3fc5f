package io.knowledgehub.api.backup;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.Deflater;
import java.util.zip.ZipOutputStream;

/**
 * Copies the embedded database's file while the database is in use: what H2's {@code BACKUP TO} does (its file store
 * stops reusing space while the file is read, so nothing already written is overwritten, and the copy opens as the
 * database at one moment), without its compression. {@code BACKUP TO} deflates the file at about 10 MB/s on two
 * busy cores, and changes of database and index wait while the copy is made: 100 MB took 15 s that way and under a
 * second this way. The stream to the client is compressed later, when nothing waits.
 *
 * <p>Reaches the H2 engine behind the JDBC connection ({@code org.h2.engine}), which is not a public API: an H2
 * upgrade may break this, and {@code BackupResourceTest} is what notices.
 */
final class H2FileCopy {

    private H2FileCopy() {
    }

    /** Writes a zip holding the database's {@code .mv.db} file, as {@code BACKUP TO} would. */
    static void copy(Connection connection, Path zip) throws SQLException, IOException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        session.getUser().checkAdmin();
        Database db = session.getDatabase();
        // the steps of H2's BackupCommand: everything committed so far written to the file first
        db.getStore().flush();
        db.flush();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16);
             ZipOutputStream out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.NO_COMPRESSION);
            synchronized (db.getLobSyncObject()) {
                db.getStore().getMvStore().getFileStore().backup(out);
            }
        }
    }
}
