package io.knowledgehub.api.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The backup file: a zip with the database under {@code db/}, the index commit's files under {@code index/} (the
 * same layout as the data directory) and {@link #MANIFEST} last. The manifest lists every other entry with its size
 * and SHA-256, so a backup cut short (the stream broke, the disk filled) or changed afterwards is recognised: it has no
 * manifest, or an entry that does not match it.
 */
public final class BackupArchive {

    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "knowledgehub-backup";
    public static final int FORMAT_VERSION = 1;
    public static final String DB = "db";
    public static final String INDEX = "index";
    /** Entries are one level deep, with plain file names: nothing can be written outside the folder restored into. */
    private static final Pattern ENTRY = Pattern.compile("(" + DB + "|" + INDEX + ")/[A-Za-z0-9_][A-Za-z0-9._-]*");

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private BackupArchive() {
    }

    /** The file name of a backup taken at {@code at}: names sort by time. */
    public static String fileName(Instant at) {
        return "knowledgehub-backup-" + FILE_TIME.format(at) + ".zip";
    }

    /** A backup, or its copy, that cannot be used; the message says why in words. */
    public static final class InvalidBackupException extends IOException {
        public InvalidBackupException(String message) {
            super(message);
        }
    }

    /** Writes a backup to a stream: the entries, then the manifest. */
    static final class Writer {
        private final ZipOutputStream zip;
        private final List<BackupManifest.FileEntry> entries = new ArrayList<>();

        Writer(OutputStream out) {
            this.zip = new ZipOutputStream(out);
            // index files are mostly compressed already, and the copy should cost little CPU
            zip.setLevel(Deflater.BEST_SPEED);
        }

        void add(String path, InputStream in) throws IOException {
            if (!ENTRY.matcher(path).matches()) {
                throw new IllegalArgumentException("not a backup entry: " + path);
            }
            zip.putNextEntry(new ZipEntry(path));
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                zip.write(buf, 0, n);
                sha.update(buf, 0, n);
                size += n;
            }
            zip.closeEntry();
            entries.add(new BackupManifest.FileEntry(path, size, HexFormat.of().formatHex(sha.digest())));
        }

        /** Writes the manifest (with the entries written) and ends the zip; the stream stays open. */
        BackupManifest finish(BackupManifest manifest) throws IOException {
            BackupManifest complete = manifest.withFiles(entries);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(complete));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            return complete;
        }
    }

    /** Reads the whole backup and checks it against its manifest; returns the manifest. */
    public static BackupManifest verify(Path backup) throws IOException {
        return read(backup, null);
    }

    /**
     * Checks the backup as {@link #verify} does and writes its entries under {@code target} ({@code target/db/...},
     * {@code target/index/...}). On an exception, what was written under {@code target} is incomplete.
     */
    public static BackupManifest extract(Path backup, Path target) throws IOException {
        return read(backup, target);
    }

    private static BackupManifest read(Path backup, Path target) throws IOException {
        Map<String, BackupManifest.FileEntry> seen = new HashMap<>();
        BackupManifest manifest = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (manifest != null) {
                    throw new InvalidBackupException(backup + " has entries after its manifest (" + name + ")");
                }
                if (name.equals(MANIFEST)) {
                    manifest = readManifest(backup, zip.readAllBytes());
                    continue;
                }
                if (!ENTRY.matcher(name).matches()) {
                    throw new InvalidBackupException(backup + " holds " + name + ", which is not part of a KnowledgeHub backup");
                }
                if (seen.containsKey(name)) {
                    throw new InvalidBackupException(backup + " holds " + name + " twice");
                }
                DigestInputStream in = new DigestInputStream(zip, sha256());
                long size;
                if (target == null) {
                    size = in.transferTo(OutputStream.nullOutputStream());
                } else {
                    Path file = target.resolve(name);
                    Files.createDirectories(file.getParent());
                    size = Files.copy(in, file);
                }
                seen.put(name, new BackupManifest.FileEntry(name, size, HexFormat.of().formatHex(in.getMessageDigest().digest())));
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidBackupException(backup + " is not a complete zip file (" + e.getMessage()
                    + "): the backup was cut short or damaged");
        }
        if (manifest == null) {
            throw new InvalidBackupException(backup + " has no " + MANIFEST + ": the backup was cut short (the app stopped "
                    + "or the connection broke while it was sent), or it is not a KnowledgeHub backup");
        }
        for (BackupManifest.FileEntry expected : manifest.files()) {
            BackupManifest.FileEntry got = seen.remove(expected.path());
            if (got == null) {
                throw new InvalidBackupException(backup + " lacks " + expected.path() + ", which its manifest lists");
            }
            if (got.size() != expected.size() || !got.sha256().equals(expected.sha256())) {
                throw new InvalidBackupException(backup + ": " + expected.path() + " does not match its manifest ("
                        + got.size() + " bytes, SHA-256 " + got.sha256() + "; expected " + expected.size() + " bytes, "
                        + expected.sha256() + ")");
            }
        }
        if (!seen.isEmpty()) {
            throw new InvalidBackupException(backup + " holds files its manifest does not list: " + seen.keySet());
        }
        if (manifest.files().stream().noneMatch(f -> f.path().startsWith(DB + "/"))) {
            throw new InvalidBackupException(backup + " holds no database");
        }
        return manifest;
    }

    private static BackupManifest readManifest(Path backup, byte[] bytes) throws IOException {
        BackupManifest m;
        try {
            m = JSON.readValue(bytes, BackupManifest.class);
        } catch (IOException e) {
            throw new InvalidBackupException(backup + " has an unreadable " + MANIFEST + ": " + e.getMessage());
        }
        if (!FORMAT.equals(m.format())) {
            throw new InvalidBackupException(backup + " is not a KnowledgeHub backup (its manifest says format " + m.format() + ")");
        }
        if (m.formatVersion() > FORMAT_VERSION) {
            throw new InvalidBackupException(backup + " was written in backup format " + m.formatVersion()
                    + " by a newer KnowledgeHub; this one reads format " + FORMAT_VERSION + " and older");
        }
        if (m.files() == null || m.database() == null || m.index() == null) {
            throw new InvalidBackupException(backup + " has an incomplete " + MANIFEST);
        }
        return m;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
