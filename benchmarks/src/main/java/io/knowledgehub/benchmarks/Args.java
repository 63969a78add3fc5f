package io.knowledgehub.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Command-line options ({@code --name value}), process figures and file chores shared by the benchmark programs. */
final class Args {

    private Args() {
    }

    static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    /** The app's settings given as {@code --env K=V,K2=V2} (empty without it), in order. */
    static Map<String, String> env(String[] args) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : arg(args, "--env", "").split(",")) {
            if (kv.contains("=")) {
                env.put(kv.substring(0, kv.indexOf('=')).strip(), kv.substring(kv.indexOf('=') + 1).strip());
            }
        }
        return env;
    }

    /** A memory figure of a process in KiB from /proc ({@code VmRSS:} now, {@code VmHWM:} peak), or -1. */
    static long procStatusKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Deletes {@code dir} and everything under it, as far as it can; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
