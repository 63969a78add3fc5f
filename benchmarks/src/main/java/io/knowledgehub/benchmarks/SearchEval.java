package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retrieval evaluation: crawls and indexes the PostgreSQL manual with the packaged app (served on loopback),
 * runs every query of the query files ({@code ../shared/eval/postgres/queries.jsonl}: the api and concept
 * strata, and {@code paraphrase.jsonl}: natural-language questions) through the search API for each search
 * type, writes one results file per file and type, and scores them with {@code ../shared/eval/score.py}.
 *
 * <p>Each run appends one line to a history file (nDCG@10 per type and stratum, Recall@10 and MRR@10, latency,
 * the revision and a label) and prints the last runs as one table, so the effect of a change is visible next to
 * the runs before it. It also says, per stratum, whether hybrid is at least as good as the better of keyword and
 * semantic.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.SearchEval
 *      [--docs DIR] [--eval ../shared/eval] [--data DIR (kept; an indexed one is reused)] [--out eval-data/results]
 *      [--queries postgres/queries.jsonl,postgres/paraphrase.jsonl] [--types keyword,semantic,hybrid]
 *      [--history eval-data/history.jsonl] [--last 10] [--label "what changed"]
 *      [--env KH_SEARCH_SEMANTIC_WEIGHT=0.7,... (settings for the app)]
 *      [--rebuild true (POST /api/v1/index/rebuild before searching: settings that shape the index, e.g.
 *       KH_SEARCH_VECTOR_QUANTIZATION, then apply to every chunk)]</pre>
 */
public final class SearchEval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METRICS = List.of("nDCG@10", "Recall@10", "MRR@10");

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        Path eval = Path.of(Args.arg(args, "--eval", "../shared/eval"));
        Path out = Files.createDirectories(Path.of(Args.arg(args, "--out", "eval-data/results")));
        Path history = Path.of(Args.arg(args, "--history", "eval-data/history.jsonl"));
        int last = Integer.parseInt(Args.arg(args, "--last", "10"));
        String label = Args.arg(args, "--label", "");
        String data = Args.arg(args, "--data", null);
        List<String> types = List.of(Args.arg(args, "--types", "keyword,semantic,hybrid").split(","));
        List<Path> queryFiles = new ArrayList<>();
        for (String f : Args.arg(args, "--queries", "postgres/queries.jsonl,postgres/paraphrase.jsonl").split(",")) {
            queryFiles.add(eval.resolve(f.strip()));
        }
        Map<String, String> env = Args.env(args);

        ObjectNode run = JSON.createObjectNode();
        run.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("revision", revision());
        run.put("label", label);
        if (!env.isEmpty()) {
            run.set("env", JSON.valueToTree(env));
        }
        try (FixtureSiteServer site = FixtureSiteServer.serve(docs);
             StandaloneApp app = StandaloneApp.start(jar, List.of(Args.arg(args, "--heap", "-Xmx600m"), "--add-modules", "jdk.incubator.vector"),
                     data == null ? null : Path.of(data), env)) {
            String base = site.baseUri().resolve("index.html").toString();
            if (app.get("/api/v1/sources").path("total").asInt() == 0) {
                long t0 = System.nanoTime();
                app.post("/api/v1/sources", Map.of("name", "PostgreSQL 15 manual", "base_url", base,
                        "config", Map.of("max_depth", 50, "max_pages", 100_000, "crawl_delay", 0)), 201);
                app.awaitIdle(Duration.ofMinutes(60));
                System.out.printf("crawled and indexed in %.0f s; app peak resident memory %d MiB%n",
                        (System.nanoTime() - t0) / 1e9, Args.procStatusKiB(app.pid(), "VmHWM:") / 1024);
            }
            if (Boolean.parseBoolean(Args.arg(args, "--rebuild", "false"))) {
                long t0 = System.nanoTime();
                JsonNode accepted = app.post("/api/v1/index/rebuild", Map.of(), 202);
                app.awaitIdle(Duration.ofMinutes(60));
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("rebuilt the index (%s) in %.0f s%n", accepted, seconds);
                run.put("rebuild_s", Math.round(seconds));
            }
            JsonNode index = app.get("/api/v1/index");
            System.out.println("index: " + index);
            run.put("chunks", index.path("chunks").asLong());
            run.put("model", index.path("model").asText());

            ObjectNode latency = run.putObject("latency_ms");
            ObjectNode scores = run.putObject("scores");
            for (Path queries : queryFiles) {
                String set = stem(queries);
                List<JsonNode> qs = read(queries);
                List<String> files = new ArrayList<>();
                for (String type : types) {
                    Path results = out.resolve("results-" + set + "-" + type + ".jsonl");
                    List<Long> took = new ArrayList<>();
                    try (BufferedWriter w = Files.newBufferedWriter(results)) {
                        for (JsonNode q : qs) {
                            JsonNode r = app.post("/api/v1/search", Map.of("query", q.path("query").asText(),
                                    "search_type", type, "limit", 10), 200);
                            took.add(r.path("took_ms").asLong());
                            List<String> ranked = new ArrayList<>();
                            r.path("results").forEach(x -> ranked.add(x.path("url").asText()));
                            w.write(JSON.writeValueAsString(Map.of("id", q.path("id").asText(), "ranked", ranked)));
                            w.newLine();
                        }
                    }
                    took.sort(null);
                    long p50 = took.get(took.size() / 2);
                    long p95 = took.get((int) (took.size() * 0.95));
                    System.out.printf("%-10s %-8s %d queries, took_ms p50=%d p95=%d%n", set, type, took.size(), p50, p95);
                    latency.putObject(set + "/" + type).put("p50", p50).put("p95", p95);
                    files.add(results.toString());
                }
                Path metrics = out.resolve("metrics-" + set + ".json");
                List<String> cmd = new ArrayList<>(List.of("python3", eval.resolve("score.py").toString(), queries.toString()));
                cmd.addAll(files);
                cmd.addAll(List.of("--docs", docs.toString(), "--json", metrics.toString(),
                        "--per-query", out.resolve("per-query-" + set + ".jsonl").toString()));
                Process p = new ProcessBuilder(cmd).redirectOutput(out.resolve("scores-" + set + ".md").toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("score.py failed");
                }
                JsonNode report = JSON.readTree(metrics.toFile());
                for (int i = 0; i < types.size(); i++) {
                    JsonNode agg = report.path(files.get(i)).path("metrics");
                    ObjectNode perType = scores.has(types.get(i)) ? (ObjectNode) scores.get(types.get(i)) : scores.putObject(types.get(i));
                    for (var it = agg.fieldNames(); it.hasNext(); ) {
                        String field = it.next();
                        JsonNode m = agg.path(field);
                        // a file's overall figure is named after the file (the paraphrase file has one stratum)
                        ObjectNode s = perType.putObject(field.equals("overall") ? set : field);
                        s.put("n", m.path("n").asInt());
                        METRICS.forEach(k -> s.put(k, Math.round(m.path(k).asDouble() * 10000) / 10000.0));
                    }
                }
            }
        }
        if (data != null) {
            run.set("index_files_bytes", JSON.valueToTree(indexFiles(Path.of(data, "index"))));
            System.out.println("index files, bytes by kind: " + run.path("index_files_bytes"));
        }
        printRun(run, types);
        Files.createDirectories(history.toAbsolutePath().getParent());
        Files.writeString(history, JSON.writeValueAsString(run) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        printHistory(history, types, last);
    }

    /**
     * Bytes of the index's files by kind: {@code vec} the vectors (floats; the 8-bit ones with int8-only), {@code veq}
     * quantized vectors beside the floats, {@code vex} the HNSW graph, {@code cfs} small segments in compound files
     * (their vectors included), {@code other}, and {@code total}.
     */
    static Map<String, Long> indexFiles(Path index) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String kind : List.of("vec", "veq", "vex", "cfs", "other", "total")) {
            bytes.put(kind, 0L);
        }
        try (var files = Files.list(index)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
                long size = Files.size(f);
                bytes.merge(bytes.containsKey(ext) && !ext.equals("other") && !ext.equals("total") ? ext : "other", size, Long::sum);
                bytes.merge("total", size, Long::sum);
            }
        }
        return bytes;
    }

    /** This run: every metric per type and stratum, and whether hybrid keeps up with its components. */
    private static void printRun(JsonNode run, List<String> types) {
        JsonNode scores = run.path("scores");
        List<String> strata = strata(scores);
        System.out.println();
        System.out.printf("%-9s %-11s %5s %9s %9s %9s%n", "type", "stratum", "n", "nDCG@10", "Recall@10", "MRR@10");
        for (String type : types) {
            for (String stratum : strata) {
                JsonNode m = scores.path(type).path(stratum);
                if (!m.isMissingNode()) {
                    System.out.printf("%-9s %-11s %5d %9.3f %9.3f %9.3f%n", type, stratum, m.path("n").asInt(),
                            m.path("nDCG@10").asDouble(), m.path("Recall@10").asDouble(), m.path("MRR@10").asDouble());
                }
            }
        }
        if (types.containsAll(List.of("keyword", "semantic", "hybrid"))) {
            for (String stratum : strata) {
                double kw = ndcg(scores, "keyword", stratum);
                double sem = ndcg(scores, "semantic", stratum);
                double hy = ndcg(scores, "hybrid", stratum);
                System.out.printf("hybrid vs best component, %-11s %.3f vs %.3f: %s%n", stratum, hy, Math.max(kw, sem),
                        hy >= Math.max(kw, sem) ? "ok" : "BELOW");
            }
        }
    }

    /** The last runs of the history, one row each: nDCG@10 per type and stratum, hybrid latency. */
    private static void printHistory(Path history, List<String> types, int last) throws Exception {
        List<JsonNode> runs = read(history);
        runs = runs.subList(Math.max(0, runs.size() - last), runs.size());
        List<String> strata = new ArrayList<>();
        for (JsonNode r : runs) {
            strata(r.path("scores")).stream().filter(s -> !strata.contains(s)).forEach(strata::add);
        }
        System.out.println();
        System.out.println("nDCG@10 of the last " + runs.size() + " runs (" + history + "); hybrid took_ms p50/p95 per query file");
        StringBuilder head = new StringBuilder(String.format("%-20s %-9s", "time", "revision"));
        for (String type : types) {
            for (String s : strata) {
                head.append(String.format(" %9s", abbreviate(type) + "/" + abbreviate(s)));
            }
        }
        head.append("  hybrid ms  label");
        System.out.println(head);
        for (JsonNode r : runs) {
            StringBuilder row = new StringBuilder(String.format("%-20s %-9s", r.path("time").asText(), r.path("revision").asText()));
            for (String type : types) {
                for (String s : strata) {
                    JsonNode v = r.path("scores").path(type).path(s).path("nDCG@10");
                    row.append(v.isMissingNode() ? String.format(" %9s", "-") : String.format(" %9.3f", v.asDouble()));
                }
            }
            List<String> ms = new ArrayList<>();
            r.path("latency_ms").fieldNames().forEachRemaining(k -> {
                if (k.endsWith("/hybrid")) {
                    JsonNode l = r.path("latency_ms").path(k);
                    ms.add(l.path("p50").asInt() + "/" + l.path("p95").asInt());
                }
            });
            row.append(String.format("  %-9s  %s", String.join(" ", ms), r.path("label").asText()));
            System.out.println(row);
        }
    }

    private static List<String> strata(JsonNode scores) {
        List<String> out = new ArrayList<>();
        scores.fieldNames().forEachRemaining(type -> scores.path(type).fieldNames().forEachRemaining(s -> {
            if (!out.contains(s)) {
                out.add(s);
            }
        }));
        return out;
    }

    private static double ndcg(JsonNode scores, String type, String stratum) {
        return scores.path(type).path(stratum).path("nDCG@10").asDouble();
    }

    private static String abbreviate(String s) {
        return s.length() <= 4 ? s : s.substring(0, 4);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    }

    private static List<JsonNode> read(Path jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The commit searched with, marked when the working tree has changes (unknown outside a git checkout). */
    private static String revision() {
        try {
            Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String rev = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
            return head.waitFor() == 0 && status.waitFor() == 0 ? rev + (dirty ? "+" : "") : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
