package io.knowledgehub.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.QueryShape;
import io.knowledgehub.core.search.ScoreModel;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.query.QueryParser;
import io.knowledgehub.core.search.query.SearchQuery;
import io.knowledgehub.indexer.chunk.Chunker;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Ranking directions measured offline on an indexed data directory: every chunk and its vector is read from the
 * index once, each query's keyword candidates come from the index (the product's content-word rule for questions),
 * its cosines to every chunk are computed exactly, and hybrid fusion is recomputed as the search service does it
 * ({@code SearchService.hybrid} with {@link ScoreModel}, best chunk per page) for each variant. Prints nDCG@10 per
 * stratum of the query files, one line per variant. The {@code base} variant is the product's ranking, with
 * brute-force cosines instead of the HNSW graph's nearest neighbours; on the manual it gives the hybrid figures of
 * {@code ./kh eval} on the same index (api 0.8786, concept 0.8163, questions 0.5495).
 *
 * <pre>./kh eval-directions --from eval-data/index [--eval ../shared/eval]
 *      [--queries postgres/queries.jsonl,postgres/paraphrase.jsonl] [--variants "base;type=semantic;page=0.2"]
 *      [--second bge-small-en-v1.5] [--pieces 96] [--work eval-data/directions]</pre>
 *
 * <p>A variant is {@code base} or comma-separated {@code key=value} settings ({@code ;} between variants):
 * <ul>
 *   <li>{@code type=hybrid|keyword|semantic}: the search type (hybrid);</li>
 *   <li>{@code sw}, {@code ssw}: semantic weight for term queries and for sentences (the product's defaults);</li>
 *   <li>{@code second=S}: share S of the semantic score from the {@code --second} model's cosine, mapped to 0..1
 *       from [{@code sfloor}, {@code sceiling}] (0.35, 0.85);</li>
 *   <li>{@code page=S}: share S of the semantic score from the cosine to the chunk's page vector: the page's title
 *       and headings embedded once per page, or with {@code centroid} the mean of its chunk vectors;</li>
 *   <li>{@code para=S}: share S of the chunk's cosine replaced by its best cosine over the chunk vector and its
 *       pieces' vectors ({@code --pieces N}: a chunk's blocks packed into pieces of at most N word pieces, each
 *       embedded with the chunk's context line by the index's model; chunks that make one piece have none);</li>
 *   <li>{@code relsem=R}: semantic scores of a question rescaled by the query's best one, mixed in at share R
 *       ({@code all}: for every query, not only questions);</li>
 *   <li>{@code ties}: equal scores ordered as the search service orders them (BM25, then cosine, then chunk id)
 *       instead of in the candidate map's order, which the figures in docs/search-quality.md were measured with
 *       (on the manual: api 0.8768 instead of 0.8786, from keyword-only candidates of equal BM25);</li>
 *   <li>{@code show}: prints each question's first relevant rank and top pages.</li>
 * </ul>
 *
 * <p>Second-model and piece vectors are cached in the work directory, keyed by the index's chunk ids, so a rerun on
 * the same index does not embed again (bge-small-en-v1.5 takes about 6 minutes for the manual's 17k chunks on two
 * cores). e5-small-v2-q, which the product does not ship, was measured with a scratch copy of this program; its
 * figures are in docs/search-quality.md.
 */
public final class SearchDirections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CANDIDATES = Integer.parseInt(SearchConfig.DEFAULT_CANDIDATES);
    private static final double FLOOR = Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_FLOOR);
    private static final double CEILING = Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_CEILING);
    private static final Set<String> KEYS = Set.of("base", "type", "sw", "ssw", "second", "sfloor", "sceiling", "page",
            "centroid", "para", "relsem", "all", "ties", "show");
    private static final int EMBED_BATCH = 256;

    private record Query(String text, String stratum, Set<String> relevant) {
    }

    /** Per query: the raw evidence every variant is computed from. */
    private record Signals(Map<Integer, Double> bm25, QueryShape shape, List<String> words, double[] cosine,
                           double[] pieceCosine, double[] secondCosine, double[] pageCosine, double[] centroidCosine) {
    }

    public static void main(String[] args) throws Exception {
        Path from = Path.of(Args.arg(args, "--from", "eval-data/index"));
        Path eval = Path.of(Args.arg(args, "--eval", "../shared/eval"));
        Path work = Files.createDirectories(Path.of(Args.arg(args, "--work", "eval-data/directions")));
        String secondModel = Args.arg(args, "--second", null);
        int pieceMax = Integer.parseInt(Args.arg(args, "--pieces", "0"));
        List<Map<String, String>> variants = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String v : Args.arg(args, "--variants", "base").split(";")) {
            if (!v.isBlank()) {
                names.add(v.strip());
                variants.add(parse(v.strip(), secondModel != null, pieceMax > 0));
            }
        }
        List<Query> queries = new ArrayList<>();
        for (String f : Args.arg(args, "--queries", "postgres/queries.jsonl,postgres/paraphrase.jsonl").split(",")) {
            queries.addAll(read(eval.resolve(f.strip())));
        }

        List<IndexedChunk> chunks = new ArrayList<>();
        String model;
        try (LuceneSearchIndex index = new LuceneSearchIndex(from)) {
            index.forEachChunk(chunks::add);
            model = index.model().map(IndexModel::name).orElse(EmbeddingModels.DEFAULT_MODEL);
        }
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException(from + " holds no chunks: run ./kh eval --data eval-data first");
        }
        String fingerprint = fingerprint(chunks);
        System.out.printf("%d chunks (%s), %d queries%n", chunks.size(), model, queries.size());

        boolean pages = variants.stream().anyMatch(v -> v.containsKey("page") && !v.containsKey("centroid"));
        boolean centroids = variants.stream().anyMatch(v -> v.containsKey("page") && v.containsKey("centroid"));
        Map<UUID, List<Integer>> byPage = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            byPage.computeIfAbsent(chunks.get(i).documentId(), d -> new ArrayList<>()).add(i);
        }
        int[] pageOf = new int[chunks.size()];
        List<List<Integer>> pageChunks = new ArrayList<>(byPage.values());
        for (int p = 0; p < pageChunks.size(); p++) {
            for (int i : pageChunks.get(p)) {
                pageOf[i] = p;
            }
        }

        EmbedderSettings settings = EmbedderSettings.defaults(work);
        float[][] queryVectors = new float[queries.size()][];
        float[][] pageVectors = null;
        List<List<float[]>> pieceVectors = null;
        try (OnnxEmbedder embedder = EmbeddingModels.create(model, settings)) {
            for (int q = 0; q < queries.size(); q++) {
                queryVectors[q] = embedder.embedQuery(QueryParser.parse(queries.get(q).text()).positiveText());
            }
            if (pages) {
                pageVectors = embedder.embedAll(outlines(chunks, pageChunks)).toArray(float[][]::new);
            }
            if (pieceMax > 0) {
                Path cache = work.resolve("pieces-" + model + "-" + pieceMax + ".tsv");
                pieceVectors = grouped(chunks, cached(cache, fingerprint, embedder, pieceTexts(chunks, model, pieceMax)));
            }
        }
        float[][] centroidVectors = centroids ? centroids(chunks, pageChunks) : null;
        float[][] secondVectors = null;
        float[][] secondQueries = new float[queries.size()][];
        if (secondModel != null) {
            try (OnnxEmbedder second = EmbeddingModels.create(secondModel, settings)) {
                List<Map.Entry<String, String>> texts = new ArrayList<>();
                TokenCounter tokens = EmbeddingModels.tokenCounter(model);
                int window = EmbeddingModels.descriptor(model).maxTokens();
                for (IndexedChunk c : chunks) { // the embed text the index's model was given
                    texts.add(Map.entry(c.id(), Chunker.embedText(c.title(), c.headingPath(), c.content(), tokens, window)));
                }
                Path cache = work.resolve("second-" + second.modelName() + ".tsv");
                List<List<float[]>> byChunk = grouped(chunks, cached(cache, fingerprint, second, texts));
                secondVectors = byChunk.stream().map(l -> l.isEmpty() ? null : l.getFirst()).toArray(float[][]::new);
                for (int q = 0; q < queries.size(); q++) {
                    secondQueries[q] = second.embedQuery(QueryParser.parse(queries.get(q).text()).positiveText());
                }
            }
        }

        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            position.put(chunks.get(i).id(), i);
        }
        float[][] chunkVectors = chunks.stream().map(IndexedChunk::vector).toArray(float[][]::new);
        List<Signals> signals = new ArrayList<>();
        try (LuceneSearchIndex index = new LuceneSearchIndex(from)) {
            for (int q = 0; q < queries.size(); q++) {
                SearchQuery query = QueryParser.parse(queries.get(q).text());
                QueryShape shape = QueryShape.of(query);
                Map<Integer, Double> bm25 = new LinkedHashMap<>();
                for (ChunkHit h : index.keyword(SearchService.keywordQuery(query, shape), SearchFilter.NONE, CANDIDATES)) {
                    Integer i = position.get(h.chunk().id());
                    if (i != null) {
                        bm25.put(i, (double) h.rawScore());
                    }
                }
                double[] cosine = cosines(queryVectors[q], chunkVectors);
                double[] pieceCosine = null;
                if (pieceVectors != null) {
                    pieceCosine = cosine.clone();
                    for (int i = 0; i < chunks.size(); i++) {
                        for (float[] v : pieceVectors.get(i)) {
                            pieceCosine[i] = Math.max(pieceCosine[i], dot(queryVectors[q], v));
                        }
                    }
                }
                signals.add(new Signals(bm25, shape, SearchService.coverageWords(query, shape), cosine, pieceCosine,
                        secondVectors == null ? null : cosines(secondQueries[q], secondVectors),
                        pageVectors == null ? null : cosines(queryVectors[q], pageVectors),
                        centroidVectors == null ? null : cosines(queryVectors[q], centroidVectors)));
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            System.out.println(evaluate(names.get(v), variants.get(v), queries, signals, chunks, pageOf));
        }
    }

    /** A variant's settings; unknown keys, and shares of signals the run does not compute, are refused. */
    static Map<String, String> parse(String variant, boolean second, boolean pieces) {
        Map<String, String> p = new HashMap<>();
        for (String kv : variant.split(",")) {
            String[] x = kv.strip().split("=", 2);
            if (!KEYS.contains(x[0])) {
                throw new IllegalArgumentException("unknown key '" + x[0] + "' in variant '" + variant + "': use " + KEYS);
            }
            p.put(x[0], x.length > 1 ? x[1] : "1");
        }
        if (p.containsKey("second") && !second) {
            throw new IllegalArgumentException("variant '" + variant + "' needs --second MODEL");
        }
        if (p.containsKey("para") && !pieces) {
            throw new IllegalArgumentException("variant '" + variant + "' needs --pieces N");
        }
        String type = p.getOrDefault("type", "hybrid");
        if (!List.of("hybrid", "keyword", "semantic").contains(type)) {
            throw new IllegalArgumentException("type must be hybrid, keyword or semantic, got " + type);
        }
        return p;
    }

    private static String evaluate(String name, Map<String, String> p, List<Query> queries, List<Signals> signals,
                                   List<IndexedChunk> chunks, int[] pageOf) {
        double secondShare = number(p, "second", 0);
        double pageShare = number(p, "page", 0);
        double pieceShare = number(p, "para", 0);
        double secondFloor = number(p, "sfloor", 0.35);
        double secondCeiling = number(p, "sceiling", 0.85);
        double sw = number(p, "sw", Double.parseDouble(SearchConfig.DEFAULT_SEMANTIC_WEIGHT));
        double ssw = number(p, "ssw", Double.parseDouble(SearchConfig.DEFAULT_SENTENCE_SEMANTIC_WEIGHT));
        String type = p.getOrDefault("type", "hybrid");
        ScoreModel scores = new ScoreModel(FLOOR, CEILING, sw);
        int n = chunks.size();
        Map<String, double[]> byStratum = new TreeMap<>();
        for (int q = 0; q < queries.size(); q++) {
            Signals s = signals.get(q);
            double[] sem = new double[n];
            for (int i = 0; i < n; i++) {
                double cos = s.cosine()[i];
                if (pieceShare > 0) {
                    cos = (1 - pieceShare) * cos + pieceShare * s.pieceCosine()[i];
                }
                double score = scores.semantic(cos);
                if (pageShare > 0) {
                    double[] page = p.containsKey("centroid") ? s.centroidCosine() : s.pageCosine();
                    score = (1 - pageShare) * score + pageShare * scores.semantic(page[pageOf[i]]);
                }
                if (secondShare > 0) {
                    score = (1 - secondShare) * score
                            + secondShare * clamp((s.secondCosine()[i] - secondFloor) / (secondCeiling - secondFloor));
                }
                sem[i] = score;
            }
            if (p.containsKey("relsem") && (s.shape().naturalness() > 0 || p.containsKey("all"))) {
                double best = Arrays.stream(sem).max().orElse(1);
                double share = Double.parseDouble(p.get("relsem"));
                for (int i = 0; i < n; i++) {
                    sem[i] = clamp(sem[i] / best) * share + sem[i] * (1 - share);
                }
            }
            // the semantic candidates: the best by score, as the index's nearest-neighbour search returns them
            int[] semantic = IntStream.range(0, n).boxed()
                    .sorted((x, y) -> Double.compare(sem[y], sem[x])).limit(CANDIDATES).mapToInt(Integer::intValue).toArray();
            double floor = sem[semantic[semantic.length - 1]];
            double bestBm25 = s.bm25().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double weight = s.shape().semanticWeight(sw, ssw);
            Map<Integer, Double> fused = new HashMap<>();
            if (!type.equals("keyword")) {
                for (int i : semantic) {
                    fused.put(i, type.equals("semantic") ? sem[i] : weight * sem[i]);
                }
            }
            if (!type.equals("semantic")) {
                for (var e : s.bm25().entrySet()) {
                    IndexedChunk c = chunks.get(e.getKey());
                    double kw = scores.keyword(e.getValue(), bestBm25, ScoreModel.coverage(s.words(), ChunkHit.texts(c)));
                    fused.put(e.getKey(), type.equals("keyword") ? kw
                            : fused.getOrDefault(e.getKey(), weight * floor) + (1 - weight) * kw);
                }
            }
            List<Integer> ranked = new ArrayList<>(fused.keySet());
            Comparator<Integer> order = Comparator.comparingDouble((Integer i) -> fused.get(i)).reversed();
            if (p.containsKey("ties")) { // as the search service: BM25, then cosine, then chunk id
                Set<Integer> retrieved = new HashSet<>();
                if (!type.equals("keyword")) {
                    Arrays.stream(semantic).forEach(retrieved::add);
                }
                order = order.thenComparing(i -> type.equals("semantic") ? 0 : -s.bm25().getOrDefault(i, 0.0))
                        .thenComparing(i -> retrieved.contains(i) ? -s.cosine()[i] : 0)
                        .thenComparing(i -> chunks.get(i).id());
            }
            ranked.sort(order); // stable: without ties, equal scores keep the candidate map's order
            List<String> top = new ArrayList<>(); // best chunk per page
            for (int i : ranked) {
                String page = page(chunks.get(i).url());
                if (!top.contains(page)) {
                    top.add(page);
                    if (top.size() == 100) {
                        break;
                    }
                }
            }
            Query query = queries.get(q);
            if (p.containsKey("show") && query.stratum().equals("paraphrase")) {
                int rank = IntStream.range(0, top.size()).filter(r -> query.relevant().contains(top.get(r))).findFirst().orElse(-2) + 1;
                System.out.printf("%3d %-70.70s %s | %s%n", rank, query.text(), query.relevant(), top.subList(0, Math.min(4, top.size())));
            }
            double[] sum = byStratum.computeIfAbsent(query.stratum(), x -> new double[2]);
            sum[0] += ndcg10(top, query.relevant());
            sum[1]++;
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-45s", name));
        byStratum.forEach((stratum, sum) -> out.append(String.format(Locale.ROOT, " %s %.4f", stratum, sum[0] / sum[1])));
        return out.toString();
    }

    static double ndcg10(List<String> ranked, Set<String> relevant) {
        double dcg = 0;
        double ideal = 0;
        for (int r = 0; r < Math.min(10, ranked.size()); r++) {
            if (relevant.contains(ranked.get(r))) {
                dcg += 1 / log2(r + 2);
            }
        }
        for (int r = 0; r < Math.min(10, relevant.size()); r++) {
            ideal += 1 / log2(r + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /** A page of the eval's judgements: the URL's file name, without the fragment. */
    static String page(String url) {
        String p = url.split("#")[0];
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Each page's title, then its headings in order (the title left out), as one text to embed. */
    private static List<String> outlines(List<IndexedChunk> chunks, List<List<Integer>> pageChunks) {
        List<String> out = new ArrayList<>();
        for (List<Integer> page : pageChunks) {
            List<Integer> ordered = page.stream().sorted(Comparator.comparingInt(i -> chunks.get(i).chunkIndex())).toList();
            Set<String> headings = new LinkedHashSet<>();
            ordered.forEach(i -> headings.addAll(chunks.get(i).headingPath()));
            IndexedChunk first = chunks.get(ordered.getFirst());
            headings.remove(first.title());
            out.add(first.title() + "\n" + String.join("; ", headings));
        }
        return out;
    }

    private static float[][] centroids(List<IndexedChunk> chunks, List<List<Integer>> pageChunks) {
        float[][] out = new float[pageChunks.size()][];
        for (int p = 0; p < out.length; p++) {
            float[] mean = new float[chunks.getFirst().vector().length];
            for (int i : pageChunks.get(p)) {
                float[] v = chunks.get(i).vector();
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += v[k];
                }
            }
            double norm = Math.sqrt(dot(mean, mean));
            for (int k = 0; k < mean.length; k++) {
                mean[k] = (float) (mean[k] / norm);
            }
            out[p] = mean;
        }
        return out;
    }

    /**
     * The pieces of every chunk that makes more than one: its blocks (blank-line separated) packed in order while
     * the piece stays within {@code pieceMax} word pieces, each with the chunk's context line in front.
     */
    private static List<Map.Entry<String, String>> pieceTexts(List<IndexedChunk> chunks, String model, int pieceMax) {
        TokenCounter tokens = EmbeddingModels.tokenCounter(model);
        int window = EmbeddingModels.descriptor(model).maxTokens();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (IndexedChunk c : chunks) {
            List<String> pieces = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String block : c.content().split("\n\\s*\n")) {
                if (!current.isEmpty() && tokens.applyAsInt(current + "\n\n" + block) > pieceMax) {
                    pieces.add(current.toString());
                    current.setLength(0);
                }
                if (!current.isEmpty()) {
                    current.append("\n\n");
                }
                current.append(block);
            }
            if (!current.isEmpty()) {
                pieces.add(current.toString());
            }
            if (pieces.size() > 1) { // a single piece is the chunk itself, which the chunk vector covers
                for (String piece : pieces) {
                    out.add(Map.entry(c.id(), Chunker.embedText(c.title(), c.headingPath(), piece, tokens, window)));
                }
            }
        }
        return out;
    }

    /**
     * The vectors of {@code texts} (chunk id, text) from the cache file when it was written for this index (its
     * first line holds the index's fingerprint), else embedded and written there: {@code chunkId TAB base64} of the
     * vector's float32 values, little-endian, one line per text.
     */
    private static List<Map.Entry<String, float[]>> cached(Path file, String fingerprint, OnnxEmbedder embedder,
                                                           List<Map.Entry<String, String>> texts) throws IOException {
        String header = "# " + embedder.modelName() + " " + fingerprint + " " + texts.size();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            if (!lines.isEmpty() && lines.getFirst().equals(header)) {
                System.out.printf("%s: %d vectors from %s%n", embedder.modelName(), lines.size() - 1, file);
                List<Map.Entry<String, float[]>> out = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    String[] x = line.split("\t");
                    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(x[1])).order(ByteOrder.LITTLE_ENDIAN);
                    float[] v = new float[b.remaining() / Float.BYTES];
                    b.asFloatBuffer().get(v);
                    out.add(Map.entry(x[0], v));
                }
                return out;
            }
            System.out.println(file + " was written for another index or texts: embedding again");
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        List<Map.Entry<String, float[]>> out = new ArrayList<>();
        long start = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(partial)) {
            w.write(header);
            w.newLine();
            for (int i = 0; i < texts.size(); i += EMBED_BATCH) {
                List<Map.Entry<String, String>> batch = texts.subList(i, Math.min(texts.size(), i + EMBED_BATCH));
                List<float[]> vectors = embedder.embedAll(batch.stream().map(Map.Entry::getValue).toList());
                for (int j = 0; j < vectors.size(); j++) {
                    ByteBuffer b = ByteBuffer.allocate(vectors.get(j).length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(vectors.get(j));
                    w.write(batch.get(j).getKey() + "\t" + Base64.getEncoder().encodeToString(b.array()));
                    w.newLine();
                    out.add(Map.entry(batch.get(j).getKey(), vectors.get(j)));
                }
                System.out.printf("%s: %d/%d texts embedded, %.0f s%n", embedder.modelName(), i + batch.size(),
                        texts.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    /** The vectors of each chunk, in the chunks' order (empty where it has none). */
    private static List<List<float[]>> grouped(List<IndexedChunk> chunks, List<Map.Entry<String, float[]>> vectors) {
        Map<String, List<float[]>> byId = new HashMap<>();
        vectors.forEach(e -> byId.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return chunks.stream().map(c -> byId.getOrDefault(c.id(), List.of())).toList();
    }

    /** Identifies the index's content: chunk ids derive from the document and the chunk's content. */
    private static String fingerprint(List<IndexedChunk> chunks) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        chunks.stream().map(IndexedChunk::id).sorted().forEach(id -> sha.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static List<Query> read(Path jsonl) throws IOException {
        List<Query> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                Set<String> relevant = new HashSet<>();
                n.path("relevant").forEach(x -> relevant.add(page(x.asText())));
                out.add(new Query(n.path("query").asText(), n.path("stratum").asText(), relevant));
            }
        }
        return out;
    }

    private static double[] cosines(float[] query, float[][] vectors) {
        double[] out = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i] == null ? 0 : dot(query, vectors[i]);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double number(Map<String, String> p, String key, double def) {
        return p.containsKey(key) ? Double.parseDouble(p.get(key)) : def;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
