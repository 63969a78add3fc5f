package io.knowledgehub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Command-line options ({@code --name value}) and process figures shared by the benchmark programs. */
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
}
