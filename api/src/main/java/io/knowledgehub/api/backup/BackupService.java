package io.knowledgehub.api.backup;

import io.knowledgehub.core.DataConfig;
import io.knowledgehub.core.backup.BackupGate;
import io.knowledgehub.core.document.IndexStatus;
import io.knowledgehub.core.error.ConflictException;
import io.knowledgehub.core.error.DiskFull;
import io.knowledgehub.core.error.ServiceUnavailableException;
import io.knowledgehub.core.search.IndexSnapshot;
import io.knowledgehub.core.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.h2.Driver;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;

/**
 * Takes a consistent snapshot of the standalone installation while it runs. With the {@link BackupGate} closed (no
 * change of database and index together in progress, none starting) it commits the index and holds that commit, and
 * copies the embedded database's file the way the database's own backup does ({@link H2FileCopy}); crawls, indexing
 * batches and removals wait that long, searches do not. The bulk is streamed afterwards, from the held commit and the database
 * copy, with nothing held but the commit's files. What the manifest says is counted in the copy itself.
 *
 * <p>One backup at a time: the copy of the database lies under the data directory (never at a path a client chose)
 * until the stream ends.
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);
    private static final String H2_FILE = "jdbc:h2:file:";

    private final DataSource database;
    private final SearchIndex index;
    private final BackupGate gate;
    private final DataConfig data;
    private final Config config;
    private final Semaphore oneAtATime = new Semaphore(1);

    public BackupService(DataSource database, SearchIndex index, BackupGate gate, DataConfig data, Config config) {
        this.database = database;
        this.index = index;
        this.gate = gate;
        this.data = data;
        this.config = config;
    }

    /**
     * Takes the snapshot; the caller streams it with {@link Backup#writeTo} and must close it.
     *
     * @throws ConflictException when this installation cannot be backed up this way (cluster mode, an in-memory
     *                           database) or a backup is being taken already
     */
    public Backup take() {
        String url = databaseUrl();
        if (!oneAtATime.tryAcquire()) {
            throw new ConflictException("A backup is being taken already; try again when it has finished.");
        }
        Path work = data.dataDir().resolve("backup-tmp");
        Path dbCopy = work.resolve("db-" + UUID.randomUUID() + ".zip");
        IndexSnapshot[] held = new IndexSnapshot[1];
        try {
            clear(work);
            Files.createDirectories(work);
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long paused = gate.snapshot(() -> {
                long start = System.nanoTime();
                held[0] = index.snapshot().orElseThrow(() -> new ConflictException("This search index cannot be backed up "
                        + "from here (cluster mode): back up PostgreSQL with pg_dump and re-index, or use Weaviate's backups; see docs/backup.md."));
                try (Connection c = database.getConnection()) {
                    H2FileCopy.copy(c, dbCopy);
                }
                return (System.nanoTime() - start) / 1_000_000;
            });
            BackupManifest manifest = new BackupManifest(BackupArchive.FORMAT, BackupArchive.FORMAT_VERSION, at.toString(),
                    config.getOptionalValue("quarkus.application.version", String.class).orElse(null), null,
                    null, new BackupManifest.Index(held[0].chunks(), held[0].model().map(m -> m.name()).orElse(null),
                    held[0].model().map(m -> m.dimension()).orElse(null)), paused, List.of());
            manifest = counted(manifest, dbCopy, databaseName(url));
            LOG.infof("Backup taken: %s; changes waited %d ms", manifest.summary(), paused);
            return new Backup(BackupArchive.fileName(at), manifest, dbCopy, held[0]);
        } catch (RuntimeException | Error e) {
            release(held[0], dbCopy);
            if (DiskFull.is(e)) {
                throw noRoom(e);
            }
            throw e;
        } catch (Exception e) {
            release(held[0], dbCopy);
            if (DiskFull.is(e)) {
                throw noRoom(e);
            }
            throw new IllegalStateException("the backup could not be taken: " + e.getMessage(), e);
        }
    }

    /** A backup the data directory's disk had no room for: the user can act on that (503, try again later). */
    private ServiceUnavailableException noRoom(Throwable e) {
        return new ServiceUnavailableException("The backup could not be taken: the disk of the data directory is full. A backup "
                + "first copies the database into the data directory's backup-tmp/, so it needs about as much free space as the "
                + "database takes (" + databaseSize() + "); free disk space and try again. Nothing was changed.", java.time.Duration.ofMinutes(1), e);
    }

    /** The database files' size on disk, in words; "unknown" when it cannot be read. */
    private String databaseSize() {
        try (var files = java.nio.file.Files.list(data.dataDir().resolve("db"))) {
            long bytes = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> {
                try {
                    return java.nio.file.Files.size(f);
                } catch (java.io.IOException x) {
                    return 0;
                }
            }).sum();
            return (bytes >> 20) + " MiB";
        } catch (java.io.IOException | RuntimeException x) {
            return "size unknown";
        }
    }

    /** A snapshot being streamed; closing it lets the index drop the commit, deletes the database copy, and lets the next backup in. */
    public final class Backup implements AutoCloseable {
        private final String fileName;
        private final BackupManifest manifest;
        private final Path dbCopy;
        private final IndexSnapshot snapshot;
        private boolean closed;

        private Backup(String fileName, BackupManifest manifest, Path dbCopy, IndexSnapshot snapshot) {
            this.fileName = fileName;
            this.manifest = manifest;
            this.dbCopy = dbCopy;
            this.snapshot = snapshot;
        }

        public String fileName() {
            return fileName;
        }

        public BackupManifest manifest() {
            return manifest;
        }

        /** Writes the backup zip; the stream stays open. */
        public void writeTo(OutputStream out) throws IOException {
            BackupArchive.Writer zip = new BackupArchive.Writer(out);
            try (ZipFile copy = new ZipFile(dbCopy.toFile())) {
                for (ZipEntry e : copy.stream().toList()) {
                    try (InputStream in = copy.getInputStream(e)) {
                        zip.add(BackupArchive.DB + "/" + e.getName(), in);
                    }
                }
            }
            for (String file : snapshot.files()) {
                try (InputStream in = snapshot.open(file)) {
                    zip.add(BackupArchive.INDEX + "/" + file, in);
                }
            }
            zip.finish(manifest);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(snapshot, dbCopy);
            }
        }
    }

    private void release(IndexSnapshot snapshot, Path dbCopy) {
        try {
            if (snapshot != null) {
                snapshot.close();
            }
            Files.deleteIfExists(dbCopy);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Could not clean up after a backup (%s)", dbCopy);
        } finally {
            oneAtATime.release();
        }
    }

    /** The embedded database's JDBC URL; a conflict for any other database. */
    private String databaseUrl() {
        try (Connection c = database.getConnection()) {
            String url = c.getMetaData().getURL();
            if (url.startsWith(H2_FILE)) {
                return url;
            }
            if (url.startsWith("jdbc:h2:")) {
                throw new ConflictException("This app keeps its database in memory, so there is nothing on disk to back up.");
            }
            throw new ConflictException("This app's database is a database server (cluster mode): back it up with its own "
                    + "tools (pg_dump for PostgreSQL); see docs/backup.md.");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    private static String databaseName(String url) {
        String path = url.substring(H2_FILE.length());
        int options = path.indexOf(';');
        path = options < 0 ? path : path.substring(0, options);
        return Path.of(path).getFileName().toString();
    }

    /** The manifest with what the database copy holds, read from the copy (so it is exactly what was backed up). */
    private BackupManifest counted(BackupManifest m, Path dbCopy, String name) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""));
        credentials.setProperty("password", config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        String url = "jdbc:h2:zip:" + dbCopy + "!/" + name + ";ACCESS_MODE_DATA=r";
        try (Connection c = new Driver().connect(url, credentials); Statement s = c.createStatement()) {
            BackupManifest.Database counts = new BackupManifest.Database(
                    count(s, "select count(*) from knowledge_sources"),
                    count(s, "select count(*) from documents"),
                    countIndexStatus(c, IndexStatus.INDEXED),
                    countIndexStatus(c, IndexStatus.PENDING),
                    count(s, "select count(*) from document_chunks"),
                    count(s, "select count(*) from api_keys"));
            String schema = null;
            try (ResultSet r = s.executeQuery("select \"version\" from \"flyway_schema_history\" where \"success\" "
                    + "order by \"installed_rank\" desc limit 1")) {
                if (r.next()) {
                    schema = r.getString(1);
                }
            } catch (SQLException e) {
                LOG.debugf("no schema version in the backup: %s", e.getMessage());
            }
            return new BackupManifest(m.format(), m.formatVersion(), m.createdAt(), m.appVersion(), schema, counts, m.index(),
                    m.writesPausedMs(), m.files());
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long countIndexStatus(Connection c, IndexStatus status) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select count(*) from documents where index_status = ?")) {
            q.setString(1, status.wire());
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Leftovers of a backup the app was stopped in the middle of. */
    private static void clear(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(work)).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
