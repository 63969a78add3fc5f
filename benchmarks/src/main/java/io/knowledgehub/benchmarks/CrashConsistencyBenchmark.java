package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash consistency of the standalone app: rounds of "change the site, refresh it, {@code kill -9} the app at a
 * seeded random moment of the crawl or the indexing, start it again", checking after each restart that the index and
 * the database agree without a rebuild:
 * <ul>
 *   <li>right after the start (the start-up reconcile ran): {@code GET /api/v1/index} says {@code consistent};</li>
 *   <li>once the interrupted jobs ran again: consistent, nothing pending, equal document and chunk counts on both
 *       sides;</li>
 *   <li>a sample of documents marked indexed is found by an exact phrase of its own current text;</li>
 *   <li>no search hit belongs to a document that answers 404, nor to an old version of its page.</li>
 * </ul>
 * Each round also removes the scratch source the previous round added, so source removals are interrupted too.
 * Prints each round and every violation; {@code ./kh bench-crash --rounds 10 --seed 7}.
 */
public final class CrashConsistencyBenchmark {

    /** Every paragraph of page i at version v carries its marker, so every chunk does. */
    private static final Pattern MARKER = Pattern.compile("orbit(\\d+)v(\\d+) lantern(\\d+)v(\\d+)");

    /** What the rounds found: {@code violations} empty means the invariants held after every crash. */
    public record Outcome(int rounds, List<String> violations, List<Long> killDelaysMs) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "10"));
        long seed = Long.parseLong(Args.arg(args, "--seed", "42"));
        int pages = Integer.parseInt(Args.arg(args, "--pages", "40"));
        long maxDelay = Long.parseLong(Args.arg(args, "--max-kill-delay-ms", "6000"));
        Path jar = Path.of(Args.arg(args, "--jar", "api/target/quarkus-app/quarkus-run.jar"));
        // --reconcile-on-start false: what the checks find when the start-up repair is off (their power, not a setting to use)
        Map<String, String> env = Map.of("KH_INDEXER_RECONCILE_ON_START", Args.arg(args, "--reconcile-on-start", "true"));
        Outcome o = run(jar, rounds, seed, pages, maxDelay, env, System.out);
        System.out.printf("rounds=%d violations=%d%n", o.rounds(), o.violations().size());
        o.violations().forEach(v -> System.out.println("  VIOLATION " + v));
        if (!o.violations().isEmpty()) {
            System.exit(1);
        }
    }

    public static Outcome run(Path jar, int rounds, long seed, int pages, long maxKillDelayMs, PrintStream out) throws Exception {
        return run(jar, rounds, seed, pages, maxKillDelayMs, Map.of(), out);
    }

    /** @param appEnv settings of the app under test */
    public static Outcome run(Path jar, int rounds, long seed, int pages, long maxKillDelayMs, Map<String, String> appEnv,
                              PrintStream out) throws Exception {
        Random random = new Random(seed);
        Path work = Files.createTempDirectory("kh-crash");
        Path data = work.resolve("data");
        Site site = new Site(Files.createDirectories(work.resolve("site")), pages);
        Site scratch = new Site(Files.createDirectories(work.resolve("scratch")), 4);
        List<String> violations = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        List<String> jvm = List.of("-Xmx600m", "--add-modules", "jdk.incubator.vector");
        try (FixtureSiteServer server = FixtureSiteServer.serve(site.root);
             FixtureSiteServer scratchServer = FixtureSiteServer.serve(scratch.root)) {
            StandaloneApp app = StandaloneApp.start(jar, jvm, data, appEnv);
            try {
                String sourceId = app.post("/api/v1/sources", Map.of("name", "Crash handbook", "base_url",
                        server.baseUri().resolve("/docs/index.html").toString(), "config", Map.of("crawl_delay", 0, "max_depth", 2)),
                        201).path("id").asText();
                String scratchId = null;
                app.awaitIdle(Duration.ofMinutes(5));
                for (int round = 1; round <= rounds; round++) {
                    site.mutate(random);
                    String previousScratch = scratchId;
                    app.post("/api/v1/sources/" + sourceId + "/refresh", Map.of(), 200);
                    scratchId = app.post("/api/v1/sources", Map.of("name", "Scratch " + round, "base_url",
                            scratchServer.baseUri().resolve("/docs/index.html").toString(), "config", Map.of("crawl_delay", 0)),
                            201).path("id").asText();
                    long delay = (long) (random.nextDouble() * maxKillDelayMs);
                    delays.add(delay);
                    Thread.sleep(delay / 2);
                    if (previousScratch != null) {
                        app.delete("/api/v1/sources/" + previousScratch, 204);
                    }
                    Thread.sleep(delay - delay / 2);
                    String inFlight = inFlight(app);
                    app.kill();
                    long t0 = System.nanoTime();
                    app = StandaloneApp.start(jar, jvm, data, appEnv);
                    List<String> found = new ArrayList<>();
                    JsonNode atStart = app.get("/api/v1/index");
                    String repaired = Files.readAllLines(data.resolve("app.log")).stream()
                            .filter(l -> l.contains("Index reconciled with the database")).map(l -> l.replaceAll("^.*database: ", ""))
                            .findFirst().orElse("nothing to repair");
                    if (!atStart.path("consistent").asBoolean()) {
                        found.add("round " + round + ": inconsistent right after the start: " + atStart);
                    }
                    app.awaitIdle(Duration.ofMinutes(5));
                    found.addAll(check(app, sourceId, round, random));
                    violations.addAll(found);
                    JsonNode info = app.get("/api/v1/index");
                    out.printf("round %d: killed after %d ms during [%s]; start-up reconcile: %s; %d pending after the start; "
                                    + "idle again in %.1f s; database %s, index %s, consistent=%s; violations %d%n",
                            round, delay, inFlight, repaired, atStart.path("pending_documents").asLong(), (System.nanoTime() - t0) / 1e9,
                            info.path("database"), info.path("index"), info.path("consistent").asText(), found.size());
                }
            } finally {
                app.close();
            }
        } finally {
            Args.deleteTree(work);
        }
        return new Outcome(rounds, violations, delays);
    }

    /** The jobs running at the moment of the kill, e.g. {@code crawl 12/31, rag}. */
    private static String inFlight(StandaloneApp app) throws IOException, InterruptedException {
        List<String> jobs = new ArrayList<>();
        for (JsonNode j : app.get("/api/v1/jobs?status=running&limit=20").path("jobs")) {
            jobs.add(j.path("type").asText() + (j.path("type").asText().equals("crawl")
                    ? " " + j.path("processed_pages").asInt() + "/" + j.path("total_pages").asInt() : ""));
        }
        return String.join(", ", jobs);
    }

    /** The invariants once no job is pending or running. */
    private static List<String> check(StandaloneApp app, String sourceId, int round, Random random) throws Exception {
        List<String> v = new ArrayList<>();
        String r = "round " + round + ": ";
        JsonNode info = app.get("/api/v1/index");
        if (!info.path("consistent").asBoolean() || info.path("pending_documents").asLong() != 0
                || !info.path("database").equals(info.path("index")) || info.path("chunks").asLong() != info.path("index").path("chunks").asLong()) {
            v.add(r + "index and database disagree when idle: " + info);
        }
        // a sample of the documents marked indexed, each found by an exact phrase of its own text
        List<JsonNode> indexed = new ArrayList<>();
        for (JsonNode d : app.get("/api/v1/documents/?source_id=" + sourceId + "&limit=1000").path("documents")) {
            if (d.path("index_status").asText().equals("indexed")) {
                indexed.add(d);
            } else if (!d.path("index_status").asText().equals("failed")) {
                v.add(r + "document " + d.path("url").asText() + " is " + d.path("index_status").asText() + " when idle");
            }
        }
        Collections.shuffle(indexed, random);
        for (JsonNode d : indexed.subList(0, Math.min(10, indexed.size()))) {
            String id = d.path("id").asText();
            String content = app.get("/api/v1/documents/" + id).path("content").asText();
            Matcher m = MARKER.matcher(content);
            if (!m.find()) {
                continue; // the start page carries no marker
            }
            JsonNode hits = search(app, "\"" + m.group() + "\"", false);
            boolean found = false;
            for (JsonNode h : hits) {
                found |= h.path("document_id").asText().equals(id);
            }
            if (!found) {
                v.add(r + "document " + d.path("url").asText() + " is marked indexed but \"" + m.group() + "\" does not find it");
            }
        }
        // no hit of a removed document or of an old version: every chunk's marker is its document's current one
        Map<String, String> current = new TreeMap<>();
        for (JsonNode h : search(app, "procedure", true)) {
            String docId = h.path("document_id").asText();
            if (!current.containsKey(docId)) {
                int status = app.statusOf("/api/v1/documents/" + docId);
                if (status != 200) {
                    v.add(r + "search hit " + h.path("url").asText() + " belongs to a document that answers " + status);
                    current.put(docId, "");
                    continue;
                }
                Matcher m = MARKER.matcher(app.get("/api/v1/documents/" + docId).path("content").asText());
                current.put(docId, m.find() ? m.group() : "");
            }
            Matcher hm = MARKER.matcher(h.path("content").asText());
            if (hm.find() && !current.get(docId).isEmpty() && !hm.group().equals(current.get(docId))) {
                v.add(r + "search hit " + h.path("id").asText() + " holds \"" + hm.group() + "\", an old version of a page now at \""
                        + current.get(docId) + "\"");
            }
        }
        return v;
    }

    private static JsonNode search(StandaloneApp app, String query, boolean rawChunks) throws IOException, InterruptedException {
        return app.post("/api/v1/search", Map.of("query", query, "search_type", "keyword", "limit", 100, "raw_chunks", rawChunks), 200)
                .path("results");
    }

    /** A docs site whose pages change, disappear and appear between rounds. */
    private static final class Site {
        private final Path root;
        private final Map<Integer, Integer> versions = new TreeMap<>();
        private int next;

        Site(Path root, int pages) throws IOException {
            this.root = root;
            for (int i = 0; i < pages; i++) {
                versions.put(next++, 1);
            }
            write();
        }

        /** About a quarter of the pages change, a tenth disappear, a few are added. */
        void mutate(Random random) throws IOException {
            Set<Integer> gone = new HashSet<>();
            for (Map.Entry<Integer, Integer> e : versions.entrySet()) {
                double x = random.nextDouble();
                if (x < 0.1) {
                    gone.add(e.getKey());
                } else if (x < 0.35) {
                    e.setValue(e.getValue() + 1);
                }
            }
            gone.forEach(i -> {
                versions.remove(i);
                try {
                    Files.deleteIfExists(root.resolve("docs/p" + i + ".html"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int k = 0; k < 4; k++) {
                versions.put(next++, 1);
            }
            write();
        }

        private void write() throws IOException {
            Files.createDirectories(root.resolve("docs"));
            StringBuilder links = new StringBuilder();
            for (Map.Entry<Integer, Integer> e : versions.entrySet()) {
                int i = e.getKey();
                int v = e.getValue();
                links.append("<li><a href=\"p").append(i).append(".html\">Part ").append(i).append("</a></li>");
                String marker = "orbit" + i + "v" + v + " lantern" + i + "v" + v;
                StringBuilder body = new StringBuilder("<h2>Chapter " + i + "</h2>");
                for (int p = 0; p < 6; p++) {
                    body.append("<p>The ").append(marker).append(" procedure, step ").append(p).append(", revision ").append(v)
                            .append(": ").append(filler(i * 31 + v * 7 + p)).append("</p>");
                    if (p == 2) {
                        body.append("<h2>Details ").append(i).append("</h2>");
                    }
                }
                Files.writeString(root.resolve("docs/p" + i + ".html"), html("Part " + i, body.toString()));
            }
            Files.writeString(root.resolve("docs/index.html"), html("Handbook", "<p>Start here.</p><ul>" + links + "</ul>"));
            Files.writeString(root.resolve("robots.txt"), "User-agent: *\nAllow: /\n");
        }

        private static String filler(int seed) {
            String[] words = {"configure", "the", "server", "with", "care", "before", "restarting", "replicas", "and", "check",
                    "logs", "for", "warnings", "about", "memory", "disk", "usage", "network", "timeouts", "carefully"};
            Random r = new Random(seed);
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < 40; k++) {
                s.append(words[r.nextInt(words.length)]).append(' ');
            }
            return s.toString().trim() + ".";
        }

        private static String html(String title, String body) {
            return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><main><h1>" + title + "</h1>" + body
                    + "</main></body></html>";
        }
    }

    private CrashConsistencyBenchmark() {
    }
}
