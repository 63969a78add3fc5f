package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.adapters.lucene.VectorQuantization;
import io.knowledgehub.core.search.InProcessSearchCache;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.SearchType;
import io.knowledgehub.indexer.job.IndexPipeline;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Search latency with a large index: copies the chunks (vectors included) of an indexed data directory as many
 * times as needed, each copy a separate source, until the target chunk count is reached; then runs the eval
 * queries through the product's search service (cache off, warm) and prints p50 / p95 per search type.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 *      io.knowledgehub.benchmarks.SearchLatencyBenchmark --from eval-data/index [--chunks 100000]
 *      [--candidates N (default: the product's)] [--quantization int8-only (the product's default)|none|int8|int4] [--copy-similarity 0.95]
 *      [--index DIR]</pre>
 *
 * <p>{@code --index DIR}: build into DIR and keep it there; when DIR already holds an index, skip the build and only
 * serve it, so a second run measures a serving process on its own (its memory without the build's heap, with the
 * heap it is given: {@code KH_BENCH_HEAP=1g ./kh bench-search --index DIR}).
 *
 * <p>Also prints the build time (until the index is closed, merges done), the index's size on disk by kind of file,
 * the time from opening the built index to the first hybrid answer, and the process's resident memory while serving.
 */
public final class SearchLatencyBenchmark {

    /** Pages written together, as the indexing pipeline writes them ({@code kh.indexer.batch-documents}' default). */
    private static final int WRITE_BATCH = 16;

    public static void main(String[] args) throws Exception {
        Path from = Path.of(Args.arg(args, "--from", "eval-data/index"));
        int target = Integer.parseInt(Args.arg(args, "--chunks", "100000"));
        Path queries = Path.of(Args.arg(args, "--queries", "../shared/eval/postgres/queries.jsonl"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        int candidates = Integer.parseInt(Args.arg(args, "--candidates", SearchConfig.DEFAULT_CANDIDATES));
        VectorQuantization quantization = VectorQuantization.parse(Args.arg(args, "--quantization", SearchConfig.DEFAULT_VECTOR_QUANTIZATION));
        double similarity = Double.parseDouble(Args.arg(args, "--copy-similarity", "0.95"));
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("--copy-similarity must be in (0, 1], got " + similarity);
        }

        String kept = Args.arg(args, "--index", null);
        Path work = Files.createTempDirectory("kh-latency");
        Path indexDir = kept == null ? work.resolve("index") : Path.of(kept);
        boolean serveOnly = false;
        if (kept != null && Files.isDirectory(indexDir)) {
            try (FSDirectory directory = FSDirectory.open(indexDir)) {
                serveOnly = DirectoryReader.indexExists(directory);
            }
        }
        List<IndexedChunk> base = new ArrayList<>();
        if (!serveOnly) {
            try (LuceneSearchIndex source = new LuceneSearchIndex(from)) {
                source.forEachChunk(base::add);
            }
            if (base.isEmpty()) {
                throw new IllegalArgumentException(from + " holds no chunks: run ./kh eval --data eval-data first");
            }
        }
        Map<UUID, String> names = new HashMap<>();
        for (int copy = 0; copy < 1000; copy++) {
            names.put(copyId(copy), "PostgreSQL manual copy " + copy);
        }
        try (OnnxEmbedder embedder = EmbeddingModels.create(EmbeddingModels.DEFAULT_MODEL, EmbedderSettings.defaults(work))) {
            embedder.embedQuery("load the model before anything is timed");
            if (!serveOnly) {
                build(base, target, similarity, quantization, indexDir, embedder);
            }
            // serving: the build's heap collected, the peak reset (Linux: clear_refs 5), the index opened anew
            base.clear();
            System.gc();
            boolean peakReset = resetPeakRss();
            long t1 = System.nanoTime();
            try (LuceneSearchIndex index = new LuceneSearchIndex(indexDir, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES, quantization)) {
                SearchConfig config = SearchConfig.uncached(candidates, (int) (LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES >> 20),
                        quantization.setting());
                SearchService search = new SearchService(index, embedder, new InProcessSearchCache(config), config,
                        ids -> names, ids -> ids);
                List<String> qs = new ArrayList<>();
                ObjectMapper json = new ObjectMapper();
                for (String line : Files.readAllLines(queries)) {
                    if (!line.isBlank()) {
                        qs.add(json.readTree(line).path("query").asText());
                    }
                }
                search.search(new SearchRequest(qs.getFirst(), SearchType.HYBRID, 10, 0, SearchFilter.NONE, false));
                System.out.printf("cold start: index opened and first hybrid answer in %.0f ms (model loaded; %s)%n",
                        (System.nanoTime() - t1) / 1e6, serveOnly ? "index files in the page cache as the system left them"
                                : "same JVM, index files in the page cache as the build left them");
                if (serveOnly) {
                    System.out.printf("serving the index kept at %s (build skipped): %d chunks, %s vectors%n", indexDir,
                            index.chunkCount(), index.holdsByteVectors() ? "8-bit" : "float");
                }
                for (SearchType type : SearchType.values()) {
                    for (String q : qs) {
                        search.search(new SearchRequest(q, type, 10, 0, SearchFilter.NONE, false)); // warm-up
                    }
                    List<Double> ms = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        for (String q : qs) {
                            long s = System.nanoTime();
                            search.search(new SearchRequest(q, type, 10, 0, SearchFilter.NONE, false));
                            ms.add((System.nanoTime() - s) / 1e6);
                        }
                    }
                    ms.sort(null);
                    System.out.printf("%-8s n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms%n", type.wire(), ms.size(),
                            ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.95)), ms.get(ms.size() - 1));
                }
                long pid = ProcessHandle.current().pid();
                System.out.printf("resident memory serving: %d MiB now, peak %d MiB%s (heap limit %d MiB)%n",
                        Args.procStatusKiB(pid, "VmRSS:") / 1024, Args.procStatusKiB(pid, "VmHWM:") / 1024,
                        peakReset ? " since the index was opened" : " (whole run: the peak could not be reset)",
                        Runtime.getRuntime().maxMemory() >> 20);
                List<Double> embed = new ArrayList<>();
                for (String q : qs) {
                    long s = System.nanoTime();
                    embedder.embedQuery(q);
                    embed.add((System.nanoTime() - s) / 1e6);
                }
                embed.sort(null);
                System.out.printf("query embedding alone: p50=%.1f ms p95=%.1f ms%n", embed.get(embed.size() / 2),
                        embed.get((int) (embed.size() * 0.95)));
            }
        } finally {
            Args.deleteTree(work);
        }
    }

    /** Copies {@code base} until {@code target} chunks into a new index at {@code indexDir}; prints build figures. */
    private static void build(List<IndexedChunk> base, int target, double similarity, VectorQuantization quantization,
                              Path indexDir, OnnxEmbedder embedder) throws IOException {
        long t0 = System.nanoTime();
        long chunks;
        int copies = (target + base.size() - 1) / base.size();
        SplittableRandom noise = new SplittableRandom(42);
        long commitNanos = 0;
        int commits = 0;
        try (LuceneSearchIndex index = new LuceneSearchIndex(indexDir, LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES, quantization)) {
            index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
            Map<UUID, List<IndexedChunk>> held = new LinkedHashMap<>();
            long lastWrite = 0;
            for (int copy = 0; copy < copies; copy++) {
                UUID sourceId = copyId(copy);
                Map<UUID, List<IndexedChunk>> byDoc = new LinkedHashMap<>();
                for (IndexedChunk c : base) {
                    UUID doc = UUID.nameUUIDFromBytes((copy + ":" + c.documentId()).getBytes(StandardCharsets.UTF_8));
                    byDoc.computeIfAbsent(doc, d -> new ArrayList<>()).add(new IndexedChunk(doc + ":" + c.chunkIndex(), doc,
                            sourceId, c.chunkIndex(), c.title(), c.headingPath(), c.content(), c.url(), c.anchor(),
                            c.contentType(), c.updatedAt(), copy == 0 ? c.vector() : nearby(c.vector(), similarity, noise),
                            c.sections()));
                }
                List<UUID> docs = new ArrayList<>(byDoc.keySet());
                // as the indexing pipeline writes batches of pages whose vectors are known (a rebuild): held for up to
                // a second (or 512 pages), then written together and committed
                for (int from = 0; from < docs.size(); from += WRITE_BATCH) {
                    for (UUID doc : docs.subList(from, Math.min(docs.size(), from + WRITE_BATCH))) {
                        held.put(doc, byDoc.get(doc));
                    }
                    if (System.nanoTime() - lastWrite >= IndexPipeline.WRITE_INTERVAL_NANOS
                            || held.size() >= IndexPipeline.MAX_PAGES_PER_WRITE) {
                        index.replaceDocuments(held);
                        long c0 = System.nanoTime();
                        index.commit();
                        commitNanos += System.nanoTime() - c0;
                        commits++;
                        held = new LinkedHashMap<>();
                        lastWrite = System.nanoTime();
                    }
                }
            }
            if (!held.isEmpty()) {
                index.replaceDocuments(held);
            }
            index.commit();
            chunks = index.chunkCount();
        } // closing waits for the merges: the index is complete on disk
        long buildPeakKiB = Args.procStatusKiB(ProcessHandle.current().pid(), "VmHWM:");
        System.out.printf("index: %d chunks (%d copies of %d, copies' vectors at cosine %.2f of the original's), vectors %s, "
                        + "built and closed in %.1f s (%d commits took %.1f s); peak RSS while building %d MiB%n",
                chunks, copies, base.size(), similarity, quantization.setting(), (System.nanoTime() - t0) / 1e9,
                commits, commitNanos / 1e9, buildPeakKiB / 1024);
        Map<String, Long> files = SearchEval.indexFiles(indexDir);
        System.out.printf("index on disk: %.1f MiB in all; vectors (.vec: floats, or 8-bit with int8-only) %.1f MiB, quantized vectors (.veq) %.1f MiB, "
                        + "HNSW graph (.vex) %.1f MiB, compound files of small segments %.1f MiB%n",
                mib(files.get("total")), mib(files.get("vec")), mib(files.get("veq")), mib(files.get("vex")), mib(files.get("cfs")));
    }

    private static UUID copyId(int copy) {
        return UUID.nameUUIDFromBytes(("copy-" + copy).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A unit vector at cosine {@code similarity} (in expectation) from {@code v}: Gaussian noise of the right size added,
     * then normalised. Copies of a corpus with identical vectors would give the HNSW graph exact duplicates, which it
     * links and stores unlike real, distinct chunks; near copies keep the corpus's clusters but make every vector unique.
     */
    static float[] nearby(float[] v, double similarity, SplittableRandom noise) {
        if (similarity >= 1) {
            return v;
        }
        // |v| = 1 and noise of d dimensions with deviation s has |n|^2 ~ d s^2: cos = 1 / sqrt(1 + d s^2)
        double sigma = Math.sqrt((1 / (similarity * similarity) - 1) / v.length);
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] + sigma * noise.nextGaussian());
            norm += out[i] * out[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Resets this process's peak resident memory (VmHWM) to its current RSS; false where the kernel does not allow it. */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
