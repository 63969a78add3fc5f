package io.knowledgehub.api.backup;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./kh backup DIR} and {@code ./kh restore DIR|FILE}: a program of its own, run beside the app (backup) or
 * instead of it (restore), with the JDK and Jackson only.
 *
 * <ul>
 *   <li>backup asks the running app for a backup ({@code POST /api/v1/backup} at {@code KH_API_URL}, with
 *       {@code KH_API_KEY} when set), saves it in DIR, reads it back against its manifest and only then gives it its
 *       name ({@code knowledgehub-backup-<UTC time>.zip});</li>
 *   <li>restore checks the backup the same way, refuses while an app holds the data directory's database or index,
 *       unpacks it beside the current data, moves the current {@code db/} and {@code index/} aside into
 *       {@code before-restore-<time>/} (nothing is deleted) and puts the backup's in their place.</li>
 * </ul>
 */
public final class BackupCommand {

    static final String DEFAULT_URL = "http://localhost:3000";
    private static final String USAGE = """
            usage: ./kh backup DIR          save a backup of the running app in DIR
                                             (KH_API_URL, default http://localhost:3000; KH_API_KEY: an admin key
                                             when authentication is on)
                   ./kh restore DIR|FILE    restore the newest backup in DIR (or FILE) into the stopped app's data
                                             directory (KH_DATA_DIR, default data)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    BackupCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new BackupCommand(System.out, System.err, System.getenv()).run(List.of(args)));
    }

    /** Runs one command; returns the exit status (0 done, 1 failed, 2 wrong usage). */
    int run(List<String> args) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> positional = new ArrayList<>();
        String dataDir = env.getOrDefault("KH_DATA_DIR", "data");
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--data-dir") && i + 1 < args.size()) {
                dataDir = args.get(++i);
            } else if (args.get(i).startsWith("-")) {
                err.println("unknown option " + args.get(i) + "\n" + USAGE);
                return 2;
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 1 || !(command.equals("backup") || command.equals("restore"))) {
            err.println(USAGE);
            return 2;
        }
        try {
            return command.equals("backup") ? backup(Path.of(positional.get(0))) : restore(Path.of(positional.get(0)), Path.of(dataDir));
        } catch (BackupArchive.InvalidBackupException e) {
            err.println("The backup cannot be used: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(command + " failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(command + " was interrupted");
            return 1;
        }
    }

    private int backup(Path dir) throws IOException, InterruptedException {
        String base = env.getOrDefault("KH_API_URL", DEFAULT_URL).replaceAll("/+$", "");
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, "knowledgehub-backup-", ".zip.part");
        long start = System.nanoTime();
        try {
            // HttpURLConnection, not HttpClient: it starts in a tenth of the time, and this is a one-shot program
            HttpURLConnection http = (HttpURLConnection) URI.create(base + "/api/v1/backup").toURL().openConnection();
            http.setRequestMethod("POST");
            http.setConnectTimeout(10_000);
            // the app answers once database and index are copied, then streams; a silence this long means it hangs
            http.setReadTimeout(15 * 60_000);
            // with authentication off this header is what shows a cross-site page did not send the request
            http.setRequestProperty("Content-Type", "application/json");
            String key = env.get("KH_API_KEY");
            if (key != null && !key.isBlank()) {
                http.setRequestProperty("X-API-Key", key);
            }
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(0);
            int status;
            try {
                http.getOutputStream().close();
                status = http.getResponseCode();
            } catch (ConnectException e) {
                err.println("Could not reach KnowledgeHub at " + base + ": is it running (./kh start)? "
                        + "Set KH_API_URL if it listens elsewhere.");
                return 1;
            }
            if (status != 200) {
                String body;
                try (InputStream in = http.getErrorStream() != null ? http.getErrorStream() : InputStream.nullInputStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                err.println(refusal(status, body, key));
                return 1;
            }
            try (InputStream in = http.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            BackupManifest manifest = BackupArchive.verify(part);
            Path target = free(dir, BackupArchive.fileName(Instant.parse(manifest.createdAt())));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("Backup saved: %s (%s, checked against its manifest)%n", target, size(Files.size(target)));
            out.printf("  taken at %s: %s%n", manifest.createdAt(), manifest.summary());
            out.printf("  changes waited %d ms while database and index were copied; the backup took %.1f s%n",
                    manifest.writesPausedMs(), seconds);
            return 0;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private String refusal(int status, String body, String key) {
        String detail = detail(body).orElse(body.isBlank() ? "" : body);
        return switch (status) {
            case 401 -> "The app wants an API key for backups (authentication is on): set KH_API_KEY to an admin key."
                    + (key == null || key.isBlank() ? "" : " The key in KH_API_KEY was not accepted.");
            case 403 -> "KH_API_KEY is not an admin key; a backup needs one.";
            default -> "The app refused the backup (HTTP " + status + ")" + (detail.isEmpty() ? "." : ": " + detail);
        };
    }

    private static Optional<String> detail(String body) {
        try {
            JsonNode problem = BackupArchive.JSON.readTree(body);
            return Optional.ofNullable(problem.path("detail").asText(null));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private int restore(Path from, Path dataDir) throws IOException {
        Path backup = Files.isDirectory(from) ? newest(from) : from;
        if (!Files.isRegularFile(backup)) {
            err.println("No backup at " + from + ": give a backup file or a folder ./kh backup wrote into.");
            return 1;
        }
        Optional<Path> held = heldFile(dataDir);
        if (held.isPresent()) {
            err.println("KnowledgeHub is running on " + dataDir + " (" + held.get() + " is locked by it). Stop the app "
                    + "first, then run ./kh restore again; nothing was changed.");
            return 1;
        }
        String stamp = BackupArchive.fileName(Instant.now()).replace("knowledgehub-backup-", "").replace(".zip", "");
        Files.createDirectories(dataDir);
        Path staging = dataDir.resolve(".restore-" + stamp);
        BackupManifest manifest;
        try {
            manifest = BackupArchive.extract(backup, staging);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        Path aside = dataDir.resolve("before-restore-" + stamp);
        boolean movedAside = false;
        for (String part : List.of(BackupArchive.DB, BackupArchive.INDEX)) {
            Path current = dataDir.resolve(part);
            if (Files.exists(current)) {
                Files.createDirectories(aside);
                Files.move(current, aside.resolve(part), StandardCopyOption.ATOMIC_MOVE);
                movedAside = true;
            }
        }
        for (String part : List.of(BackupArchive.DB, BackupArchive.INDEX)) {
            Path restored = staging.resolve(part);
            if (Files.exists(restored)) {
                Files.move(restored, dataDir.resolve(part), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createDirectories(dataDir.resolve(part)); // a backup of an index that never held anything
            }
        }
        deleteTree(staging);
        out.printf("Restored %s into %s%n", backup, dataDir);
        out.printf("  backup taken at %s: %s%n", manifest.createdAt(), manifest.summary());
        out.println(movedAside ? "  the data it replaced is kept in " + aside + " (delete it once the restored app is "
                + "fine)" : "  there was no data to replace");
        out.println("  start the app with ./kh start; what was waiting for crawling or indexing at the backup goes on then");
        return 0;
    }

    /** The newest {@code knowledgehub-backup-*.zip} in the folder (names sort by time). */
    private static Path newest(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("knowledgehub-backup-.*\\.zip"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElse(dir.resolve("knowledgehub-backup-*.zip"));
        }
    }

    /**
     * A file of the data directory that a running app holds locked: the database (the embedded database locks its
     * file while open) or the index (Lucene's write lock). Advisory locks are the only sure sign: the app may listen
     * on any port, and its files stay after a crash.
     */
    static Optional<Path> heldFile(Path dataDir) throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path db = dataDir.resolve(BackupArchive.DB);
        if (Files.isDirectory(db)) {
            try (Stream<Path> files = Files.list(db)) {
                files.filter(p -> p.getFileName().toString().endsWith(".mv.db")).forEach(candidates::add);
            }
        }
        candidates.add(dataDir.resolve(BackupArchive.INDEX).resolve("write.lock"));
        for (Path file : candidates) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    return Optional.of(file);
                }
                lock.release();
            } catch (NoSuchFileException e) {
                // not there: nothing holds it
            } catch (OverlappingFileLockException e) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Path free(Path dir, String name) {
        Path p = dir.resolve(name);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(name.replace(".zip", "-" + i + ".zip"));
        }
        return p;
    }

    private static String size(long bytes) {
        return bytes < 1024 * 1024 ? String.format("%.1f KB", bytes / 1024.0) : String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
