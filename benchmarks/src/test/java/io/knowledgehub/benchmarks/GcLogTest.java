package io.knowledgehub.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code bench-searchable} reads from the app's GC log ({@code -Xlog:gc}), from the logs of real JVMs: one
 * whose heap runs short and that collects fully, one that never needs to.
 */
class GcLogTest {

    @TempDir
    Path dir;

    @Test
    void counts_full_collections_and_the_largest_heap_left_after_a_collection() throws Exception {
        SearchableBenchmark.Gc pressed = run("32m", 3_000, 250);
        assertThat(pressed.fullPauses()).as("a heap that runs short is collected fully").isPositive();
        assertThat(pressed.largestAfterMiB()).isPositive().isLessThanOrEqualTo(32);

        // 300 MB allocated, 1 MB of it kept: young collections only
        SearchableBenchmark.Gc relaxed = run("256m", 3_000, 10);
        assertThat(relaxed.pauses()).as("collections logged").isPositive();
        assertThat(relaxed.fullPauses()).isZero();
        assertThat(relaxed.largestAfterMiB()).isLessThan(pressed.largestAfterMiB());
    }

    /** A JVM with {@code heap} that allocates {@code blocks} of 100 KB, keeping the last {@code kept}. */
    private SearchableBenchmark.Gc run(String heap, int blocks, int kept) throws Exception {
        Path log = dir.resolve("gc-" + heap + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+UseG1GC", "-Xlog:gc:file=" + log + "::filecount=0", "-cp", System.getProperty("java.class.path"),
                Allocator.class.getName(), Integer.toString(blocks), Integer.toString(kept)));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return SearchableBenchmark.Gc.read(log);
    }

    public static final class Allocator {
        public static void main(String[] args) {
            int blocks = Integer.parseInt(args[0]);
            int kept = Integer.parseInt(args[1]);
            List<byte[]> live = new ArrayList<>();
            long sum = 0;
            for (int i = 0; i < blocks; i++) {
                live.add(new byte[100_000]);
                if (live.size() > kept) {
                    sum += live.removeFirst().length;
                }
            }
            System.out.println(sum + live.size());
        }
    }
}
