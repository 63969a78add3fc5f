package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
        return env(args, "--env");
    }

    /**
     * Settings given as {@code option K=V,K2=V2} (empty without it), in order; a pair without a name and {@code =} is
     * refused rather than left out.
     */
    static Map<String, String> env(String[] args, String option) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : arg(args, option, "").split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq < 0 || kv.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException(option + " takes NAME=VALUE[,NAME=VALUE...], not " + kv);
            }
            env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
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

    /** The evaluation's queries under {@code eval}: the 250 of {@code queries.jsonl}, then the 60 questions of {@code paraphrase.jsonl}. */
    static List<String> evalQueries(Path eval) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> queries = new ArrayList<>();
        for (String f : List.of("postgres/queries.jsonl", "postgres/paraphrase.jsonl")) {
            for (String line : Files.readAllLines(eval.resolve(f))) {
                if (!line.isBlank()) {
                    queries.add(json.readTree(line).path("query").asText());
                }
            }
        }
        return queries;
    }

    /**
     * A copy of the index in {@code from} (its files but the write lock) in a new temporary directory named with
     * {@code prefix}, so a benchmark can open it while the app holds the original; delete it with {@link #deleteTree}.
     */
    static Path copyIndex(Path from, String prefix) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(from + " is not an index directory: run ./kh eval first, or pass --from DIR");
        }
        Path copy = Files.createTempDirectory(prefix);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        return copy;
    }

    /**
     * Refuses a directory given with {@code option} that exists and is not empty (a run would mix its files with what
     * is there); nothing when {@code dir} is null.
     */
    static void requireNewDirectory(String option, String dir, String hint) throws IOException {
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return;
        }
        try (Stream<Path> entries = Files.list(Path.of(dir))) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(option + " " + dir + " is not empty: give a new directory" + hint);
            }
        }
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
