package io.knowledgehub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time used so far by each process of a cluster, and by the whole machine, at one moment; two snapshots give
 * what each process used in the measured window between them ({@link #minus}). On a machine with few cores every
 * process competes for the same CPUs, so each throughput figure comes with where the time went, and a run whose window
 * other work on the machine took CPU from is flagged as disturbed. Process times are what the JVM reports for a
 * process ({@link ProcessHandle.Info#totalCpuDuration}); the machine's busy and total time come from {@code /proc/stat}.
 *
 * @param nanos   CPU nanoseconds per process name, -1 where unknown
 * @param machine [total, busy] jiffies of the machine, or null where {@code /proc/stat} is not readable
 */
record CpuSnapshot(Map<String, Long> nanos, long[] machine) {

    /** Other processes using more cores than this in a window make its figure "disturbed". */
    private static final double DISTURBING_CORES = 0.2;

    /** A snapshot of the given per-process figures ({@link #cpuNanos}) and of the machine now. */
    static CpuSnapshot of(Map<String, Long> nanos) {
        return new CpuSnapshot(nanos, machineJiffies());
    }

    /**
     * The CPU seconds each process used since {@code before}, the cores these processes used together, the machine's
     * busy share and the cores other processes used, over a window of {@code wallSeconds}.
     */
    Map<String, Object> minus(CpuSnapshot before, double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        double ours = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            Long b = before.nanos.get(e.getKey());
            if (b != null && e.getValue() >= 0 && b >= 0) {
                m.put(e.getKey(), ClusterBenchmark.round((e.getValue() - b) / 1e9));
                ours += (e.getValue() - b) / 1e9;
            }
        }
        // what the processes above used, in cores; the machine's figure below also counts everything else running
        m.put("these_processes_cores", ClusterBenchmark.round(ours / wallSeconds));
        if (machine != null && before.machine != null) {
            int cores = Runtime.getRuntime().availableProcessors();
            double total = machine[0] - before.machine[0];
            double busy = machine[1] - before.machine[1];
            m.put("machine_busy_percent", total == 0 ? 0 : ClusterBenchmark.round(100 * busy / total));
            m.put("machine_busy_cores", ClusterBenchmark.round(busy / total * cores));
            m.put("other_processes_cores", ClusterBenchmark.round(Math.max(0, busy / total * cores - ours / wallSeconds)));
        }
        m.put("wall", ClusterBenchmark.round(wallSeconds));
        return m;
    }

    /** ", DISTURBED: other processes used N cores" for a run whose window other work took CPU from, else "". */
    static String disturbed(Map<?, ?> run) {
        return run.get("cpu_seconds") instanceof Map<?, ?> cpu && cpu.get("other_processes_cores") instanceof Double other
                && other > DISTURBING_CORES ? String.format(", DISTURBED: other processes used %.2f cores", other) : "";
    }

    /** Prints a window's figures ({@link #minus}), and a warning when other work disturbed it. */
    static void print(Map<String, Object> cpu) {
        System.out.println("  cpu seconds in the window: " + cpu);
        if (cpu.get("other_processes_cores") instanceof Double other && other > DISTURBING_CORES) {
            System.out.printf("  ! other processes on this machine used %.2f cores during this window: this figure is disturbed%n", other);
        }
    }

    /** The CPU nanoseconds a process has used so far, or -1. */
    static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * The CPU nanoseconds this process's children used that have exited and been waited for (a load generator run as
     * a child, for example), from {@code /proc/self/stat} ({@code cutime + cstime}, in USER_HZ ticks of 10 ms); 0
     * where that file is not readable.
     */
    static long childrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10_000_000L;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The CPU nanoseconds of a process and its live descendants (those that exited are lost), or -1 without {@code root}. */
    static long treeCpuNanos(ProcessHandle root) {
        return root == null ? -1 : Stream.concat(Stream.of(root), root.descendants()).mapToLong(CpuSnapshot::cpuNanos)
                .filter(n -> n >= 0).sum();
    }

    /** [total, busy] jiffies of the whole machine from /proc/stat, or null. */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, total - idle};
        } catch (Exception e) {
            return null;
        }
    }
}
