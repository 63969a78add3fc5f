package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import io.knowledgehub.indexer.chunk.ChunkerSettings;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.testkit.FixtureSiteServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Embedding reuse in the packaged standalone app: a corpus of pages of the PostgreSQL manual (spread over the whole
 * manual) is crawled and indexed once; then one paragraph is edited on 1 % of the pages and the source refreshed,
 * twice: with reuse off ({@code KH_EMBEDDINGS_CACHE_MAX_ENTRIES=0}, every chunk of a changed page is embedded, as
 * before reuse existed) and with it on (only the changed chunks). Both refreshes start from the same indexed state
 * and edit the same paragraph of the same pages. Then a rebuild with reuse on. Prints the indexing jobs' counters
 * ({@code chunks_embedded}, {@code chunks_reused}) and times, and the chunks the edits changed, counted with the
 * app's chunker (default sizes, the model's tokenizer) on the stored page text before and after.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.ReuseBenchmark
 *      [--docs /usr/share/doc/postgresql-doc-15/html] [--pages 300] [--edit-percent 1] [--app api/target/quarkus-app/quarkus-run.jar]</pre>
 */
public final class ReuseBenchmark {

    private static final Pattern PARAGRAPH = Pattern.compile("(<p\\b[^>]*>)(.*?)(</p>)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final List<String> JVM = List.of("-Xmx600m", "--add-modules", "jdk.incubator.vector");

    /** The rag jobs of a phase, summed. */
    private record Indexing(int jobs, int documents, int chunks, int embedded, int reused, double jobSeconds, double embedSeconds,
                            double wallSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(Args.arg(args, "--docs", "/usr/share/doc/postgresql-doc-15/html"));
        Path jar = Path.of(Args.arg(args, "--app", "api/target/quarkus-app/quarkus-run.jar"));
        int pages = Integer.parseInt(Args.arg(args, "--pages", "300"));
        double percent = Double.parseDouble(Args.arg(args, "--edit-percent", "1"));
        if (!Files.isRegularFile(docs.resolve("index.html"))) {
            throw new IllegalArgumentException(docs + "/index.html not found: apt-get install postgresql-doc-15, or pass --docs DIR");
        }
        Path site = Files.createTempDirectory("kh-reuse-site");
        Path data = Files.createTempDirectory("kh-reuse-data");
        List<String> corpus = corpus(docs, site, pages);
        int editCount = Math.max(1, (int) Math.round(corpus.size() * percent / 100));
        List<String> edited = new ArrayList<>();
        for (int i = 0; i < editCount; i++) {
            edited.add(corpus.get((int) ((i + 0.5) * corpus.size() / editCount)));
        }
        Map<String, String> originals = new LinkedHashMap<>();
        for (String page : edited) {
            originals.put(page, Files.readString(site.resolve(page)));
        }
        System.out.printf("corpus: %d pages of %s; %d edited (%.1f %%), one paragraph each: %s%n", corpus.size(), docs, editCount,
                100.0 * editCount / corpus.size(), String.join(", ", edited));

        try (FixtureSiteServer server = FixtureSiteServer.serve(site)) {
            String sourceId;
            Indexing initial;
            Map<String, JsonNode> before;
            try (StandaloneApp app = StandaloneApp.start(jar, JVM, data.resolve("app"), Map.of())) {
                long t0 = System.nanoTime();
                JsonNode created = app.post("/api/v1/sources", Map.of("name", "PostgreSQL manual, " + corpus.size() + " pages",
                        "base_url", server.baseUri().resolve("/index.html").toString(),
                        "config", Map.of("max_depth", 1, "max_pages", corpus.size() + 10, "crawl_delay", 0)), 201);
                sourceId = created.path("id").asText();
                app.awaitJob(created.path("job_id").asText(), Duration.ofMinutes(10));
                app.awaitIdle(Duration.ofMinutes(120));
                initial = indexing(app, sourceId, Set.of(), (System.nanoTime() - t0) / 1e9);
                before = documents(app, sourceId, originals.keySet());
            }
            report("initial indexing (crawl + index)", initial);

            Indexing off = refresh(jar, data, sourceId, site, originals, "first", Map.of("KH_EMBEDDINGS_CACHE_MAX_ENTRIES", "0")).indexing();
            report("refresh, reuse off", off);
            Refresh second = refresh(jar, data, sourceId, site, originals, "second", Map.of());
            Indexing on = second.indexing();
            report("refresh, reuse on", on);
            Map<String, JsonNode> after = second.documents();
            Chunker chunker = chunker();
            int chunks = 0;
            int changed = 0;
            for (String page : originals.keySet()) {
                Set<String> old = embedTexts(chunker, before.get(page));
                Set<String> now = embedTexts(chunker, after.get(page));
                chunks += chunker.chunk(after.get(page).path("title").asText(), after.get(page).path("content").asText(),
                        headings(after.get(page))).size();
                now.removeAll(old);
                changed += now.size();
            }
            System.out.printf("changed chunks by the chunker: %d of the %d chunks of the edited pages%n", changed, chunks);
            System.out.printf("embedding work of the refresh: %d -> %d chunks (%.1f %% of before); job %.2f s -> %.2f s; "
                            + "refresh to idle %.2f s -> %.2f s%n", off.embedded(), on.embedded(),
                    off.embedded() == 0 ? 0 : 100.0 * on.embedded() / off.embedded(), off.jobSeconds(), on.jobSeconds(),
                    off.wallSeconds(), on.wallSeconds());

            try (StandaloneApp app = StandaloneApp.start(jar, JVM, data.resolve("app"), Map.of())) {
                Set<String> jobsBefore = ragJobs(app, sourceId).keySet();
                long t0 = System.nanoTime();
                app.post("/api/v1/index/rebuild", Map.of(), 202);
                app.awaitIdle(Duration.ofMinutes(120));
                Indexing rebuild = indexing(app, sourceId, jobsBefore, (System.nanoTime() - t0) / 1e9);
                report("rebuild, reuse on", rebuild);
                System.out.printf("rebuild vs initial indexing: %.1f s vs %.1f s of indexing jobs, %d vs %d chunks embedded%n",
                        rebuild.jobSeconds(), initial.jobSeconds(), rebuild.embedded(), initial.embedded());
            }
        } finally {
            Args.deleteTree(site);
            Args.deleteTree(data);
        }
    }

    /** A refresh's indexing, and the edited pages' documents as stored after it. */
    private record Refresh(Indexing indexing, Map<String, JsonNode> documents) {
    }

    /** Edits the pages (from their originals), starts the app with {@code env}, refreshes and waits for the indexing. */
    private static Refresh refresh(Path jar, Path data, String sourceId, Path site, Map<String, String> originals, String round,
                                   Map<String, String> env) throws Exception {
        for (Map.Entry<String, String> e : originals.entrySet()) {
            Files.writeString(site.resolve(e.getKey()), editOneParagraph(e.getValue(), round));
        }
        try (StandaloneApp app = StandaloneApp.start(jar, JVM, data.resolve("app"), env)) {
            app.awaitIdle(Duration.ofMinutes(10)); // a start-up reconcile, if any, is not the refresh's work
            Set<String> before = ragJobs(app, sourceId).keySet();
            long t0 = System.nanoTime();
            JsonNode refresh = app.post("/api/v1/sources/" + sourceId + "/refresh", Map.of(), 200);
            JsonNode crawl = app.awaitJob(refresh.path("job_id").asText(), Duration.ofMinutes(10));
            app.awaitIdle(Duration.ofMinutes(30));
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  crawl: pages_checked=%d updated=%d unchanged=%d%n", crawl.path("result").path("pages_checked").asInt(),
                    crawl.path("result").path("pages_updated").asInt(), crawl.path("result").path("pages_unchanged").asInt());
            return new Refresh(indexing(app, sourceId, before, wall), documents(app, sourceId, originals.keySet()));
        }
    }

    /**
     * The page with one sentence added at the end of its longest paragraph: one paragraph edited, the rest untouched.
     * Each round adds its own sentence to the original, so every round changes the same paragraph from the same start.
     */
    static String editOneParagraph(String html, String round) {
        Matcher m = PARAGRAPH.matcher(html);
        int bestEnd = -1;
        int bestLength = -1;
        while (m.find()) {
            if (m.group(2).length() > bestLength) {
                bestLength = m.group(2).length();
                bestEnd = m.start(3);
            }
        }
        if (bestEnd < 0) {
            throw new IllegalStateException("no paragraph to edit");
        }
        return html.substring(0, bestEnd) + " This sentence was added in the " + round + " edit of the reuse benchmark."
                + html.substring(bestEnd);
    }

    /** The stored documents (content, headings) of the corpus pages named, by page file name. */
    private static Map<String, JsonNode> documents(StandaloneApp app, String sourceId, Set<String> pages)
            throws IOException, InterruptedException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode list = app.get("/api/v1/documents?source_id=" + sourceId + "&limit=1000&offset=" + offset);
            for (JsonNode d : list.path("documents")) {
                String url = d.path("url").asText();
                String page = url.substring(url.lastIndexOf('/') + 1);
                if (pages.contains(page)) {
                    out.put(page, app.get("/api/v1/documents/" + d.path("id").asText() + "?format=json"));
                }
            }
            if (offset + 1000 >= list.path("total").asInt()) {
                return out;
            }
        }
    }

    /** The app's chunker at its default sizes for the default model, measuring with that model's tokenizer. */
    private static Chunker chunker() {
        TokenCounter tokens = ModelCatalog.tokenCounter(ModelCatalog.DEFAULT_MODEL);
        return new Chunker(tokens::count, ChunkerSettings.forMaxTokens(ModelCatalog.descriptor(ModelCatalog.DEFAULT_MODEL).maxTokens()));
    }

    private static Set<String> embedTexts(Chunker chunker, JsonNode doc) {
        Set<String> texts = new HashSet<>();
        for (Chunk c : chunker.chunk(doc.path("title").asText(), doc.path("content").asText(), headings(doc))) {
            texts.add(c.embedText());
        }
        return texts;
    }

    private static List<Heading> headings(JsonNode doc) {
        List<Heading> out = new ArrayList<>();
        for (JsonNode h : doc.path("headings")) {
            out.add(new Heading(h.path("level").asInt(), h.path("text").asText(), h.path("anchor").isNull() ? null : h.path("anchor").asText(null)));
        }
        return out;
    }

    private static Indexing indexing(StandaloneApp app, String sourceId, Set<String> before, double wall) throws IOException, InterruptedException {
        int jobs = 0, documents = 0, chunks = 0, embedded = 0, reused = 0;
        double seconds = 0, embedSeconds = 0;
        for (Map.Entry<String, JsonNode> e : ragJobs(app, sourceId).entrySet()) {
            if (before.contains(e.getKey())) {
                continue;
            }
            JsonNode r = e.getValue().path("result");
            jobs++;
            documents += r.path("documents_indexed").asInt();
            chunks += r.path("chunks_indexed").asInt();
            embedded += r.path("chunks_embedded").asInt();
            reused += r.path("chunks_reused").asInt();
            seconds += r.path("duration_seconds").asDouble();
            embedSeconds += r.path("embedding_seconds").asDouble();
        }
        return new Indexing(jobs, documents, chunks, embedded, reused, seconds, embedSeconds, wall);
    }

    private static Map<String, JsonNode> ragJobs(StandaloneApp app, String sourceId) throws IOException, InterruptedException {
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        for (JsonNode j : app.get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=1000").path("jobs")) {
            jobs.put(j.path("id").asText(), j);
        }
        return jobs;
    }

    private static void report(String what, Indexing i) {
        System.out.printf("%-34s %d job(s), %d documents, %d chunks: embedded %d, reused %d; jobs %.2f s (embedding %.2f s); "
                        + "wall %.2f s%n", what + ":", i.jobs(), i.documents(), i.chunks(), i.embedded(), i.reused(), i.jobSeconds(),
                i.embedSeconds(), i.wallSeconds());
    }

    /**
     * Copies {@code pages} pages spread evenly over the manual (and its stylesheet) into {@code site}, with an index
     * page that links to each of them; the source crawls to depth 1, so exactly these pages.
     */
    private static List<String> corpus(Path docs, Path site, int pages) throws IOException {
        List<String> all;
        try (Stream<Path> files = Files.list(docs)) {
            all = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html") && !n.equals("index.html")).sorted().toList();
        }
        int n = Math.min(pages, all.size());
        Set<String> chosen = new HashSet<>();
        List<String> corpus = new ArrayList<>();
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = all.get((int) ((long) i * all.size() / n));
            if (chosen.add(name)) {
                corpus.add(name);
                Files.copy(docs.resolve(name), site.resolve(name));
                links.append("<li><a href=\"").append(name).append("\">").append(name).append("</a></li>\n");
            }
        }
        if (Files.isRegularFile(docs.resolve("stylesheet.css"))) {
            Files.copy(docs.resolve("stylesheet.css"), site.resolve("stylesheet.css"));
        }
        Files.writeString(site.resolve("index.html"), "<!DOCTYPE html><html><head><title>Benchmark corpus</title></head><body>"
                + "<h1>Benchmark corpus</h1><ul>\n" + links + "</ul></body></html>");
        return corpus;
    }

}
