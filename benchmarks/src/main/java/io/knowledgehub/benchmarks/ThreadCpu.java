package io.knowledgehub.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a process's CPU time went, by the kind of work its threads do: the CPU ticks of each live thread from Linux's
 * {@code /proc/PID/task/TID/stat} at one moment; two snapshots give each kind's CPU seconds in the window between
 * them ({@link #minus}). Thread names there are cut to 15 characters, which still tell the app's pools apart
 * ({@code embed-all-MiniL}, {@code index-writer}, {@code C2 CompilerThre}). A thread that ended inside the window
 * loses its time; the process's own total ({@code /proc/PID/stat}) is kept beside the threads' sum, so the gap shows.
 *
 * @param ticks   CPU ticks (user + system, USER_HZ) per thread id, with its name
 * @param process the process's total ticks, -1 where unknown
 */
record ThreadCpu(Map<String, Task> ticks, long process) {

    /** USER_HZ: Linux reports CPU times in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The kinds, in the order printed: a thread whose name starts with one of the prefixes is of that kind. */
    private static final List<Map.Entry<String, List<String>>> KINDS = List.of(
            Map.entry("embedding model", List.of("embed-")),
            Map.entry("JIT compilers", List.of("C1 CompilerThre", "C2 CompilerThre")),
            Map.entry("index writer and merges", List.of("index-writer", "index-merge", "Lucene Merge")),
            Map.entry("indexing worker", List.of("rag-worker")),
            Map.entry("crawl", List.of("crawl-")),
            // virtual threads (the crawl's fetches and page parsing) run on these carriers: /proc charges them here
            Map.entry("virtual threads (crawl fetches)", List.of("ForkJoinPool-")),
            Map.entry("HTTP and searches", List.of("executor-thread", "vert.x-", "hybrid-")),
            Map.entry("database", List.of("H2-", "MVStore", "agroal")),
            Map.entry("garbage collector", List.of("GC Thread", "G1 ")));

    record Task(String name, long ticks) {
    }

    /** The process's threads now; empty where {@code /proc} is not readable (not Linux). */
    static ThreadCpu of(long pid) {
        Map<String, Task> threads = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    threads.put(task.getFileName().toString(), new Task(
                            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks(stat)));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while the folder was read
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(Map.of(), -1);
        }
        long process;
        try {
            process = ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            process = -1;
        }
        return new ThreadCpu(threads, process);
    }

    /**
     * This snapshot with {@code later}'s threads and total laid over it: a thread that ended after this one was taken
     * keeps the time seen here. Taken every half second over a window, the snapshots keep the time of threads that
     * live only for a job (the app's index writer is one per indexing run) to within the last half second of each.
     */
    ThreadCpu then(ThreadCpu later) {
        Map<String, Task> merged = new LinkedHashMap<>(ticks);
        merged.putAll(later.ticks);
        return new ThreadCpu(merged, later.process >= 0 ? later.process : process);
    }

    /** utime + stime of a {@code stat} line (fields 14 and 15; the name in parentheses may hold spaces). */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The kind of work a thread of this name does, or "other". */
    static String kind(String threadName) {
        for (Map.Entry<String, List<String>> kind : KINDS) {
            if (kind.getValue().stream().anyMatch(threadName::startsWith)) {
                return kind.getKey();
            }
        }
        return "other";
    }

    /**
     * CPU seconds by kind since {@code before} (threads started in the window count from 0), in the order of
     * {@link #KINDS}, then "other", "threads ended in the window" (the process's total less the live threads' sum)
     * and "process".
     */
    Map<String, Double> minus(ThreadCpu before) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        KINDS.forEach(k -> seconds.put(k.getKey(), 0.0));
        seconds.put("other", 0.0);
        long sum = 0;
        for (Map.Entry<String, Task> t : ticks.entrySet()) {
            Task earlier = before.ticks.get(t.getKey());
            // a thread id the kernel gave again to a new thread counts from 0
            boolean same = earlier != null && earlier.name().equals(t.getValue().name()) && earlier.ticks() <= t.getValue().ticks();
            long used = t.getValue().ticks() - (same ? earlier.ticks() : 0);
            sum += used;
            seconds.merge(kind(t.getValue().name()), used / TICKS_PER_SECOND, Double::sum);
        }
        if (process >= 0 && before.process >= 0) {
            seconds.put("threads ended in the window", Math.max(0, process - before.process - sum) / TICKS_PER_SECOND);
            seconds.put("process", (process - before.process) / TICKS_PER_SECOND);
        }
        return seconds;
    }

    /** "embedding model 161.6 s (65 %), JIT compilers 38.8 s (16 %), ...": the kinds that used any time. */
    static String describe(Map<String, Double> seconds) {
        double total = seconds.getOrDefault("process", seconds.values().stream().mapToDouble(Double::doubleValue).sum());
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            if (e.getKey().equals("process") || e.getValue() < 0.05) {
                continue;
            }
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s (%.0f %%)", e.getKey(), e.getValue(),
                    total <= 0 ? 0 : 100 * e.getValue() / total));
        }
        return out + String.format(Locale.ROOT, "; %.1f CPU-s in all", total);
    }
}
