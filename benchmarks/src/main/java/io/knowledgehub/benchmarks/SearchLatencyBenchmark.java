package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.InProcessSearchCache;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.SearchType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Search latency with a large index: copies the chunks (vectors included) of an indexed data directory as many
 * times as needed, each copy a separate source, until the target chunk count is reached; then runs the eval
 * queries through the product's search service (cache off, warm) and prints p50 / p95 per search type.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp 'benchmarks/target/classes:benchmarks/target/lib/*'
 *      io.knowledgehub.benchmarks.SearchLatencyBenchmark --from eval-data/index [--chunks 100000]
 *      [--candidates N (default: the product's)]</pre>
 */
public final class SearchLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        Path from = Path.of(Args.arg(args, "--from", "eval-data/index"));
        int target = Integer.parseInt(Args.arg(args, "--chunks", "100000"));
        Path queries = Path.of(Args.arg(args, "--queries", "../shared/eval/postgres/queries.jsonl"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "2"));
        int candidates = Integer.parseInt(Args.arg(args, "--candidates", SearchConfig.DEFAULT_CANDIDATES));

        List<IndexedChunk> base = new ArrayList<>();
        try (LuceneSearchIndex source = new LuceneSearchIndex(from)) {
            source.forEachChunk(base::add);
        }
        if (base.isEmpty()) {
            throw new IllegalArgumentException(from + " holds no chunks: run ./kh eval --data eval-data first");
        }
        Path work = Files.createTempDirectory("kh-latency");
        Map<UUID, String> names = new HashMap<>();
        try (LuceneSearchIndex index = new LuceneSearchIndex(work.resolve("index"));
             OnnxEmbedder embedder = EmbeddingModels.create(EmbeddingModels.DEFAULT_MODEL, EmbedderSettings.defaults(work))) {
            index.useModel(new io.knowledgehub.core.search.IndexModel(embedder.modelName(), embedder.dimension()));
            long t0 = System.nanoTime();
            int copies = (target + base.size() - 1) / base.size();
            for (int copy = 0; copy < copies; copy++) {
                UUID sourceId = UUID.nameUUIDFromBytes(("copy-" + copy).getBytes(StandardCharsets.UTF_8));
                names.put(sourceId, "PostgreSQL manual copy " + copy);
                Map<UUID, List<IndexedChunk>> byDoc = new HashMap<>();
                for (IndexedChunk c : base) {
                    UUID doc = UUID.nameUUIDFromBytes((copy + ":" + c.documentId()).getBytes(StandardCharsets.UTF_8));
                    byDoc.computeIfAbsent(doc, d -> new ArrayList<>()).add(new IndexedChunk(doc + ":" + c.chunkIndex(), doc,
                            sourceId, c.chunkIndex(), c.title(), c.headingPath(), c.content(), c.url(), c.anchor(),
                            c.contentType(), c.updatedAt(), c.vector(), c.sections()));
                }
                byDoc.forEach(index::replaceDocument);
            }
            index.commit();
            System.out.printf("index: %d chunks (%d copies of %d) built in %.1f s%n", index.chunkCount(), copies, base.size(),
                    (System.nanoTime() - t0) / 1e9);

            SearchService search = new SearchService(index, embedder, new InProcessSearchCache(noCache(candidates)), noCache(candidates),
                    ids -> names, ids -> ids);
            List<String> qs = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(queries)) {
                if (!line.isBlank()) {
                    qs.add(json.readTree(line).path("query").asText());
                }
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
    }

    /** The product's defaults with the cache switched off. */
    private static SearchConfig noCache(int candidates) {
        return new SearchConfig() {
            public long cacheTtlSeconds() { return 0; }
            public long cacheSize() { return 1; }
            public int candidates() { return candidates; }
            public double semanticWeight() { return Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_WEIGHT); }
            public double sentenceSemanticWeight() { return Double.parseDouble(SearchConfig.DEFAULT_SENTENCE_SEMANTIC_WEIGHT); }
            public double semanticFloor() { return Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_FLOOR); }
            public double semanticCeiling() { return Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_CEILING); }
            public double minScore() { return Double.parseDouble(SearchConfig.DEFAULT_MIN_SCORE); }
            public int snippetWords() { return Integer.parseInt(SearchConfig.DEFAULT_SNIPPET_WORDS); }
            public int decodedChunksMb() { return (int) (LuceneSearchIndex.DEFAULT_DECODED_CHUNKS_BYTES >> 20); }
            public String vectorQuantization() { return "none"; }
        };
    }
}
