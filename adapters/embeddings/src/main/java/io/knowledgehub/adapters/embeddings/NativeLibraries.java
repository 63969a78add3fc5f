package io.knowledgehub.adapters.embeddings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Points the native libraries of DJL's tokenizer and ONNX Runtime at a directory the application owns.
 *
 * <p>Left alone, DJL unpacks {@code libtokenizers} into {@code ~/.djl.ai}, JNA (used by DJL) into
 * {@code ~/.cache/JNA}, and ONNX Runtime unpacks its libraries into a fresh directory under the shared temp dir on
 * every start. All of them read JVM-wide system properties once, when they first load, so this must run before
 * the first tokenizer or session is created; later calls (another model, another directory) change nothing.
 * An operator's own {@code DJL_CACHE_DIR} / {@code jna.tmpdir} / {@code onnxruntime.native.path} wins over ours.
 *
 * <p>ONNX Runtime still creates (and deletes on exit) an empty {@code onnxruntime-java*} directory under
 * {@code java.io.tmpdir}; only launching the JVM with {@code -Djava.io.tmpdir=...} moves that.
 */
final class NativeLibraries {

    static final String ORT_PATH_PROPERTY = "onnxruntime.native.path";

    private static Path prepared;

    private NativeLibraries() {
    }

    static synchronized void prepare(Path dir) {
        if (prepared != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the native library directory " + dir + ": "
                    + e.getMessage(), e);
        }
        setIfAbsent("DJL_CACHE_DIR", dir.resolve("djl").toString());
        // DJL probes for CUDA through JNA, which unpacks its own library into ~/.cache/JNA by default.
        setIfAbsent("jna.tmpdir", dir.resolve("jna").toString());
        // DJL otherwise probes the EC2 metadata endpoint and reports usage on first use of a tokenizer.
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        if (System.getProperty(ORT_PATH_PROPERTY) == null) {
            Path ortDir = dir.resolve("onnxruntime");
            if (unpackOnnxRuntime(ortDir)) {
                System.setProperty(ORT_PATH_PROPERTY, ortDir.toString());
            }
        }
        prepared = dir;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** False when the ONNX Runtime jar has no libraries for this platform (it then finds its own way). */
    private static boolean unpackOnnxRuntime(Path target) {
        String platform = ortPlatform();
        if (platform == null) {
            return false;
        }
        String[] libraries = {System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni")};
        try {
            Files.createDirectories(target);
            for (String library : libraries) {
                byte[] bytes;
                try (InputStream in = NativeLibraries.class.getResourceAsStream(
                        "/ai/onnxruntime/native/" + platform + "/" + library)) {
                    if (in == null) {
                        return false;
                    }
                    bytes = in.readAllBytes();
                }
                writeIfChanged(target.resolve(library), bytes);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack ONNX Runtime into " + target, e);
        }
    }

    /**
     * Replaces the file atomically, and only when its content differs: another process may have the library
     * loaded, and an upgrade must not leave a half-written file behind.
     */
    private static void writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The folder names ONNX Runtime's jar uses, e.g. {@code linux-x64}. */
    private static String ortPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return osPart == null || archPart == null ? null : osPart + "-" + archPart;
    }
}
