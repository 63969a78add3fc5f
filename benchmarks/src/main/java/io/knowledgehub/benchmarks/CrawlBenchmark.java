package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Crawl throughput of the packaged standalone app: serves a documentation folder (the PostgreSQL manual by
 * default) on loopback, registers it as a source with crawl_delay 0, and prints the full-crawl rate and the
 * time of an incremental re-check when nothing changed.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.CrawlBenchmark
 *      [--docs DIR] [--app api/target/quarkus-app/quarkus-run.jar] [--rounds N] [--index true] [--env K=V,...]</pre>
 * With {@code --index true} it then waits for the indexing jobs and prints their throughput, and the app's peak
 * resident memory after indexing the whole manual, with what it is made of now (anonymous memory, mapped files, the
 * heap). {@code --env} passes environment variables to the app (its settings).
 */
public final class CrawlBenchmark {

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "3"));
        boolean indexToo = Boolean.parseBoolean(Args.arg(args, "--index", "false"));
        Map<String, String> env = Args.env(args);
        if (!indexToo) {
            env.putIfAbsent("KH_JOBS_RAG_WORKERS", "0");
        }
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs);
             // without --index the indexing jobs wait (no RAG worker), so the crawl figures are the crawl's alone
             StandaloneApp app = StandaloneApp.start(jar, List.of("-Xmx600m", "--add-modules", "jdk.incubator.vector"), null,
                     env)) {
            String base = site.baseUri().resolve("index.html").toString();
            JsonNode created = app.post("/api/v1/sources", Map.of("name", "PostgreSQL 15 manual", "base_url", base,
                    "config", Map.of("max_depth", 50, "max_pages", 100_000, "crawl_delay", 0)), 201);
            String sourceId = created.path("id").asText();

            long t0 = System.nanoTime();
            JsonNode full = app.awaitJob(created.path("job_id").asText(), Duration.ofMinutes(10));
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            report("full crawl", full, fullSeconds);

            if (indexToo) {
                long t2 = System.nanoTime();
                app.awaitIdle(Duration.ofMinutes(60));
                double seconds = (System.nanoTime() - t2) / 1e9;
                int chunks = 0;
                double jobSeconds = 0;
                double embedSeconds = 0;
                for (JsonNode j : app.get("/api/v1/jobs?type=rag&status=completed&limit=1000").path("jobs")) {
                    chunks += j.path("result").path("chunks_indexed").asInt();
                    jobSeconds += j.path("result").path("duration_seconds").asDouble();
                    embedSeconds += j.path("result").path("embedding_seconds").asDouble();
                }
                System.out.printf("indexing: %d chunks, jobs %.1f s (%.1f chunks/s), of which embedding %.1f s (%.1f chunks/s); "
                                + "waited %.1f s after the crawls%n", chunks, jobSeconds, chunks / jobSeconds, embedSeconds,
                        chunks / embedSeconds, seconds);
            }
            for (int i = 1; i <= rounds; i++) {
                long t1 = System.nanoTime();
                JsonNode refresh = app.post("/api/v1/sources/" + sourceId + "/refresh", Map.of(), 200);
                JsonNode inc = app.awaitJob(refresh.path("job_id").asText(), Duration.ofMinutes(5));
                report("incremental re-check #" + i + " (nothing changed)", inc, (System.nanoTime() - t1) / 1e9);
            }
            System.out.printf("app memory: resident now %.0f MiB (anonymous %.0f, mapped files %.0f), peak resident %.0f MiB%n",
                    Args.procStatusKiB(app.pid(), "VmRSS:") / 1024.0, Args.procStatusKiB(app.pid(), "RssAnon:") / 1024.0,
                    Args.procStatusKiB(app.pid(), "RssFile:") / 1024.0, Args.procStatusKiB(app.pid(), "VmHWM:") / 1024.0);
            System.out.println("app heap: " + heapInfo(app.pid()));
        }
    }

    /** What {@code jcmd GC.heap_info} says of the app's heap (committed and used), on one line. */
    private static String heapInfo(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).lines().skip(1).map(String::strip)
                    .collect(java.util.stream.Collectors.joining("; "));
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void report(String what, JsonNode job, double wallSeconds) {
        JsonNode r = job.path("result");
        int checked = r.path("pages_checked").asInt();
        System.out.printf("%-40s status=%s pages_checked=%d new=%d updated=%d unchanged=%d failed=%d skipped=%d "
                        + "efficiency=%.1f%% wall=%.2fs job=%.2fs rate=%.0f pages/s%n",
                what, job.path("status").asText(), checked, r.path("pages_new").asInt(), r.path("pages_updated").asInt(),
                r.path("pages_unchanged").asInt(), r.path("pages_failed").asInt(), r.path("pages_skipped").asInt(),
                r.path("efficiency").asDouble(), wallSeconds, r.path("duration_seconds").asDouble(), checked / wallSeconds);
    }
}
