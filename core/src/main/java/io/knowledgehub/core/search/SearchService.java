package io.knowledgehub.core.search;

import io.knowledgehub.core.Futures;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.error.DatabaseUnavailable;
import io.knowledgehub.core.search.query.QueryParser;
import io.knowledgehub.core.search.query.SearchQuery;
import io.knowledgehub.core.source.SourceNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Keyword, semantic and hybrid search over the {@link SearchIndex}: parses the query language once, retrieves
 * candidates, scores them with the {@link ScoreModel}, keeps the best chunk per page (unless raw chunks are
 * asked for), and adds source names, anchored URLs and highlighted snippets.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    private final SearchIndex index;
    private final Embedder embedder;
    private final SearchCache cache;
    private final SearchConfig config;
    private final SourceNames sources;
    private final ScoreModel scores;
    private final LiveDocuments documents;
    /** Source names read: fresh ones spare a database round trip, old ones answer while the database is down. */
    private final SourceNameMemory names = new SourceNameMemory(NAMES_KEPT);
    /** How long a name read is used without asking again: a renamed source shows its new name at most that much later. */
    static final Duration NAMES_KEPT = Duration.ofSeconds(10);
    /**
     * Semantic candidates of a hybrid search whose keyword candidates come with their own cosines: enough for the
     * nearest chunks that no query word reaches (measured on the evaluation: the same nDCG@10 from 50 to 400).
     */
    static final int HYBRID_SEMANTIC_CANDIDATES = 100;
    /**
     * Runs a hybrid search's semantic side beside its keyword side, on one of fewer threads than there are cores;
     * when all of them are busy (many searches at once, which already keep every core busy) the search runs both
     * sides itself, one after the other.
     */
    private static final Executor BESIDE = new ThreadPoolExecutor(0, Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
            30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            Thread.ofPlatform().name("hybrid-semantic-", 0).daemon().factory(), new ThreadPoolExecutor.CallerRunsPolicy());
    /** Whether the index gave the last hybrid search's keyword candidates their cosines (it decides the semantic pool). */
    private volatile boolean keywordCosines = true;
    /** Whether searches are answering without the database now (logged when it starts and ends). */
    private final AtomicBoolean withoutDatabase = new AtomicBoolean();
    /**
     * {@link System#nanoTime()} until which searches do not ask the database, after it could not be reached: an
     * unreachable database can take a second or more to say so, which each search would otherwise wait for.
     */
    private volatile long skipDatabaseUntil = System.nanoTime();
    /** How long searches answer without asking the database after it could not be reached. */
    static final long SKIP_DATABASE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Turns to work on a search ({@link SearchConfig#concurrency()}), handed out in the order searches ask; null
     * without a bound.
     */
    private final Semaphore turns;
    /** Searches worked on at once; 0: no bound. */
    private final int concurrency;

    public SearchService(SearchIndex index, Embedder embedder, SearchCache cache, SearchConfig config, SourceNames sources,
                         LiveDocuments documents) {
        this.concurrency = concurrency(config);
        this.turns = concurrency == 0 ? null : new Semaphore(concurrency, true);
        this.index = index;
        this.documents = documents;
        this.embedder = embedder;
        this.cache = cache;
        this.config = config;
        this.sources = sources;
        this.scores = new ScoreModel(config.semanticFloor(), config.semanticCeiling(), config.semanticWeight());
    }

    /** A chunk with the evidence of each retrieval (NaN where that retrieval did not find it). */
    private record Candidate(IndexedChunk chunk, double bm25, double cosine, double score) {
    }

    public SearchResponse search(SearchRequest request) {
        long start = System.nanoTime();
        SearchQuery query = QueryParser.parse(request.query());
        String key = cacheKey(request);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            SearchResponse c = cached.get();
            return new SearchResponse(c.query(), c.searchType(), withCurrentNames(c.results()), c.total(), elapsedMs(start));
        }
        if (turns == null) {
            return compute(request, query, key, start);
        }
        turns.acquireUninterruptibly(); // a cached answer needs no turn
        try {
            return compute(request, query, key, start);
        } finally {
            turns.release();
        }
    }

    /** Searches worked on at once: as configured (0: no bound), or twice the processors the JVM may use. */
    static int concurrency(SearchConfig config) {
        int n = config.concurrency().orElse(2 * Runtime.getRuntime().availableProcessors());
        if (n < 0) {
            throw new IllegalArgumentException("kh.search.concurrency (KH_SEARCH_CONCURRENCY) must be 0 (no bound) or more, not " + n);
        }
        return n;
    }

    /** Searches worked on at once (0: no bound). */
    public int concurrency() {
        return concurrency;
    }

    /** Searches waiting for a turn now (an estimate, as {@link Semaphore#getQueueLength()}). */
    public int waiting() {
        return turns == null ? 0 : turns.getQueueLength();
    }

    private SearchResponse compute(SearchRequest request, SearchQuery query, String key, long start) {
        int pool = pool(config.candidates(), request.offset() + request.limit());
        QueryShape shape = QueryShape.of(query);
        List<Candidate> ranked = switch (request.type()) {
            case KEYWORD -> keyword(query, shape, request.filter(), pool);
            case SEMANTIC -> semantic(query, request.filter(), pool);
            case HYBRID -> hybrid(query, shape, request.filter(), pool);
        };
        if (!positivelyConstrained(query)) {
            // with required words, phrases or prefixes every candidate already matched what the user insisted on
            double minScore = config.minScore();
            ranked = ranked.stream().filter(c -> c.score() >= minScore).toList();
        }
        Database db = new Database();
        if (!request.rawChunks()) {
            ranked = bestPerPage(ranked);
        }
        ranked = existing(ranked, request.offset() + request.limit(), db);
        int from = Math.min(request.offset(), ranked.size());
        int to = Math.min(ranked.size(), from + request.limit());
        // the words marked in the snippet also pick the section a result links to: a question's content words, a term
        // query's words with a prefix's '*'
        List<String> words = shape.naturalness() > 0 ? coverageWords(query, shape) : Snippets.needles(query);
        List<SearchResult> results = present(ranked.subList(from, to), words, request.markdownSnippets(), db);
        SearchResponse response = new SearchResponse(request.query(), request.type().wire(), results, ranked.size(), elapsedMs(start));
        if (db.answered) {
            cache.put(key, response); // an answer made without the database's checks is not kept
        }
        if (db.asked && db.answered && withoutDatabase.compareAndSet(true, false)) {
            LOG.info("Searches check their results against the database again");
        }
        return response;
    }

    /**
     * Candidates each retrieval gathers for results up to {@code shown}: the configured number, doubled as often as
     * three per result shown need. Every window within the first candidates / 3 results (133 with the default 400)
     * thus sees the same candidates, so its pages put together are what one request for all of them gives and its
     * {@code total} is the same on every page; a window further down gathers more (and can count more).
     */
    static int pool(int candidates, int shown) {
        long pool = Math.max(1, candidates);
        while (pool < 3L * shown) {
            pool *= 2;
        }
        return (int) Math.min(pool, Integer.MAX_VALUE);
    }

    private List<Candidate> keyword(SearchQuery q, QueryShape shape, SearchFilter f, int pool) {
        List<ChunkHit> hits = index.keyword(keywordQuery(q, shape), f, pool);
        double best = hits.stream().mapToDouble(ChunkHit::rawScore).max().orElse(0);
        ScoreModel.CoverageWords words = new ScoreModel.CoverageWords(coverageWords(q, shape));
        return sorted(hits.stream().map(h -> new Candidate(h.chunk(), h.rawScore(), Double.NaN,
                scores.keyword(h.rawScore(), best, h.coverage(words)))).toList());
    }

    private List<Candidate> semantic(SearchQuery q, SearchFilter f, int pool) {
        float[] vector = embedder.embedQuery(q.positiveText());
        return sorted(index.semantic(vector, q, f, pool).stream()
                .map(h -> new Candidate(h.chunk(), Double.NaN, h.rawScore(), scores.semantic(h.rawScore()))).toList());
    }

    /**
     * Keyword and semantic candidates, fused. When the index gives every keyword candidate its own cosine, the
     * semantic side only has to add the nearest chunks keyword retrieval missed: it asks for
     * {@link #HYBRID_SEMANTIC_CANDIDATES} (as many more as the pool is larger than the configured one; never a number
     * that depends on the window shown, so every page of a search sees the same candidates) instead of the whole pool, which spares most of
     * the vector search. Otherwise a chunk only keyword retrieval found is scored with the lowest semantic
     * candidate's cosine (an upper bound of its own), which needs the full pool to stay a tight bound. The two sides
     * run at the same time where a core is free ({@link #BESIDE}).
     */
    private List<Candidate> hybrid(SearchQuery q, QueryShape shape, SearchFilter f, int pool) {
        float[] vector = embedder.embedQuery(q.positiveText());
        int fewer = (int) Math.min(pool, (long) HYBRID_SEMANTIC_CANDIDATES * pool / Math.max(1, config.candidates()));
        // the semantic side runs beside the keyword side, with the pool the index's last keyword answer called for
        boolean expectCosines = keywordCosines;
        CompletableFuture<List<ChunkHit>> beside = CompletableFuture.supplyAsync(
                () -> index.semantic(vector, q, f, expectCosines ? fewer : pool), BESIDE);
        List<ChunkHit> kw;
        try {
            kw = index.keyword(keywordQuery(q, shape), f, pool, vector);
        } catch (RuntimeException | Error e) {
            beside.exceptionally(x -> null).join(); // nothing left running for a search that failed
            throw e;
        }
        List<ChunkHit> sem = Futures.joined(beside);
        boolean cosinesKnown = kw.stream().noneMatch(h -> Float.isNaN(h.cosine()));
        // no keyword hit tells nothing about the index
        if (!kw.isEmpty() && cosinesKnown != expectCosines) {
            keywordCosines = cosinesKnown;
            sem = cosinesKnown ? sem.subList(0, Math.min(fewer, sem.size())) : index.semantic(vector, q, f, pool);
        }
        double best = kw.stream().mapToDouble(ChunkHit::rawScore).max().orElse(0);
        // a chunk the semantic side did not return is at most as similar as its last candidate
        double floorCosine = sem.stream().mapToDouble(ChunkHit::rawScore).min().orElse(scores.semanticFloor());
        Map<String, double[]> evidence = new LinkedHashMap<>();
        Map<String, ChunkHit> chunks = new HashMap<>();
        for (ChunkHit h : kw) {
            evidence.put(h.chunk().id(), new double[]{h.rawScore(), Double.NaN, h.cosine()});
            chunks.put(h.chunk().id(), h);
        }
        for (ChunkHit h : sem) {
            evidence.computeIfAbsent(h.chunk().id(), id -> new double[]{Double.NaN, Double.NaN, Double.NaN})[1] = h.rawScore();
            chunks.putIfAbsent(h.chunk().id(), h);
        }
        ScoreModel.CoverageWords words = new ScoreModel.CoverageWords(coverageWords(q, shape));
        double weight = shape.semanticWeight(config.semanticWeight(), config.sentenceSemanticWeight());
        List<Candidate> out = new ArrayList<>(evidence.size());
        evidence.forEach((id, e) -> {
            ChunkHit hit = chunks.get(id);
            IndexedChunk c = hit.chunk();
            double kwScore = Double.isNaN(e[0]) ? 0 : scores.keyword(e[0], best, hit.coverage(words));
            double cos = !Double.isNaN(e[1]) ? e[1] : !Double.isNaN(e[2]) ? e[2] : floorCosine;
            double semScore = scores.semantic(cos);
            out.add(new Candidate(c, e[0], Double.isNaN(e[1]) ? e[2] : e[1], scores.hybrid(semScore, kwScore, weight)));
        });
        return sorted(out);
    }

    /**
     * Best score first; on a tie the higher BM25, then the higher cosine (a missing one counting as 0), then the chunk
     * id. Written out with primitive comparisons: the chained key extractors boxed each key on every comparison (2 %
     * of the bytes a search allocated in a profile at 103k chunks).
     */
    private static final Comparator<Candidate> RANKING = (a, b) -> {
        int c = Double.compare(b.score(), a.score());
        if (c == 0) {
            c = Double.compare(descending(a.bm25()), descending(b.bm25()));
        }
        if (c == 0) {
            c = Double.compare(descending(a.cosine()), descending(b.cosine()));
        }
        return c != 0 ? c : a.chunk().id().compareTo(b.chunk().id());
    };

    /** The key that sorts higher values first, a missing (NaN) one as 0. */
    private static double descending(double value) {
        return Double.isNaN(value) ? 0 : -value;
    }

    private static List<Candidate> sorted(List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates);
        out.sort(RANKING);
        return out;
    }

    /** Whether the database answered this search's calls. */
    private final class Database {
        /** False once a call failed, or from the start while the database is skipped after a failure. */
        boolean answered = System.nanoTime() - skipDatabaseUntil >= 0;
        /** A call was made and answered. */
        boolean asked;
    }

    /**
     * Without the candidates whose document is gone (its removal has not reached the index yet), as far as the answer
     * shows them: the first {@code needed} candidates are checked against the database (one query of their document
     * ids), and when some are gone the ones that move up are checked in turn. Candidates further down are only
     * counted in {@code total}; they are checked when a later page of results shows them. When the database cannot be
     * reached the search answers from the index alone: a page removed in the last moments before the outage may show
     * up, which is better than no answer.
     */
    private List<Candidate> existing(List<Candidate> ranked, int needed, Database db) {
        Set<UUID> live = new HashSet<>();
        Set<UUID> gone = new HashSet<>();
        List<Candidate> kept = ranked;
        while (db.answered) {
            Set<UUID> unknown = new LinkedHashSet<>();
            for (Candidate c : kept.subList(0, Math.min(needed, kept.size()))) {
                if (!live.contains(c.chunk().documentId())) {
                    unknown.add(c.chunk().documentId());
                }
            }
            if (unknown.isEmpty()) {
                return kept;
            }
            Set<UUID> found;
            try {
                found = documents.existing(unknown);
                db.asked = true;
            } catch (RuntimeException e) {
                unreachable(e, db);
                return kept;
            }
            live.addAll(found);
            if (found.size() == unknown.size()) {
                return kept;
            }
            unknown.removeAll(found);
            gone.addAll(unknown);
            kept = kept.stream().filter(c -> !gone.contains(c.chunk().documentId())).toList();
        }
        return kept; // the database was unreachable a moment ago: not asked again yet
    }

    /** Rethrows anything but the database being unreachable, which is noted (and logged once per outage). */
    private void unreachable(RuntimeException e, Database db) {
        if (!DatabaseUnavailable.is(e)) {
            throw e;
        }
        db.answered = false;
        skipDatabaseUntil = System.nanoTime() + SKIP_DATABASE_NANOS;
        if (withoutDatabase.compareAndSet(false, true)) {
            LOG.warnf("The database cannot be reached (%s): searches answer from the search index alone, with the source "
                    + "names last read, until it answers again", e.getMessage());
        }
    }

    private Map<UUID, String> sourceNames(Set<UUID> ids, Database db) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> recent = names.fresh(ids);
        if (recent.size() == ids.size()) {
            return recent;
        }
        if (db.answered) {
            try {
                Map<UUID, String> read = sources.names(ids);
                db.asked = true;
                names.remember(read);
                return read;
            } catch (RuntimeException e) {
                unreachable(e, db);
            }
        }
        return names.lastKnown(ids);
    }

    /**
     * A cached answer's results with their sources' names as {@link #sourceNames} gives them now: a rename changes no
     * index version, so the cache keeps the answer, and its names follow as those of a new answer would.
     */
    private List<SearchResult> withCurrentNames(List<SearchResult> results) {
        if (results.isEmpty()) {
            return results;
        }
        Map<UUID, String> now = sourceNames(results.stream().map(SearchResult::sourceId).collect(Collectors.toSet()), new Database());
        if (results.stream().allMatch(r -> Objects.equals(now.getOrDefault(r.sourceId(), r.source()), r.source()))) {
            return results;
        }
        return results.stream().map(r -> new SearchResult(r.id(), r.documentId(), r.sourceId(), now.getOrDefault(r.sourceId(), r.source()),
                r.title(), r.url(), r.snippet(), r.content(), r.score(), r.chunkIndex(), r.updatedAt(), r.headingPath())).toList();
    }

    /**
     * An anchor as a URL fragment: the page's id as written, percent-encoded where RFC 3986 allows no character in a
     * fragment (a space, quotes, angle brackets, '%', non-ASCII letters as their UTF-8 bytes), so that the result's
     * {@code url} is a valid URL; a browser decodes it again to find the id.
     */
    public static String fragment(String anchor) {
        StringBuilder out = null;
        for (int i = 0; i < anchor.length(); i++) {
            char c = anchor.charAt(i);
            boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0);
            if (allowed) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(anchor.length() + 16).append(anchor, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < anchor.length() ? i + 2 : i + 1;
            for (byte b : anchor.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? anchor : out.toString();
    }

    private static List<Candidate> bestPerPage(List<Candidate> ranked) {
        Set<UUID> seen = new HashSet<>();
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : ranked) {
            if (seen.add(c.chunk().documentId())) {
                out.add(c);
            }
        }
        return out;
    }

    private List<SearchResult> present(List<Candidate> page, List<String> needles, boolean markdown, Database db) {
        Map<UUID, String> names = sourceNames(page.stream().map(c -> c.chunk().sourceId()).collect(Collectors.toSet()), db);
        List<SearchResult> out = new ArrayList<>(page.size());
        for (Candidate c : page) {
            IndexedChunk ch = c.chunk();
            String anchor = ch.anchorFor(needles);
            String url = anchor == null ? ch.url() : ch.url() + "#" + fragment(anchor);
            out.add(new SearchResult(ch.id(), ch.documentId(), ch.sourceId(), names.get(ch.sourceId()), ch.title(), url,
                    markdown ? Snippets.markdownSnippet(ch.content(), needles, config.snippetWords())
                            : Snippets.snippet(ch.content(), needles, config.snippetWords()), ch.content(),
                    Math.round(c.score() * 10000) / 10000.0, ch.chunkIndex(), ch.updatedAt(), ch.headingPath()));
        }
        return out;
    }

    private static boolean positivelyConstrained(SearchQuery q) {
        return q.clauses().stream().anyMatch(c -> c.occur() != SearchQuery.Occur.MUST_NOT
                && (c.occur() == SearchQuery.Occur.MUST || c.phrase() || c.prefix()));
    }

    /** The words whose share in a chunk scales its keyword score ({@link ScoreModel#coverage(List, List)}). */
    public static List<String> coverageWords(SearchQuery q, QueryShape shape) {
        if (shape.naturalness() > 0) {
            return shape.keywordWords();
        }
        return Snippets.needles(q).stream().map(w -> w.endsWith("*") ? w.substring(0, w.length() - 1) : w).toList();
    }

    /** What keyword retrieval matches: a sentence-like query's content words only (see {@link QueryShape}). */
    public static SearchQuery keywordQuery(SearchQuery q, QueryShape shape) {
        if (shape.naturalness() <= 0 || shape.contentWords().size() == shape.words().size()) {
            return q;
        }
        return new SearchQuery(q.raw(), shape.contentWords().stream()
                .map(w -> new SearchQuery.Clause(SearchQuery.Occur.SHOULD, List.of(w), false, false)).toList());
    }

    private String cacheKey(SearchRequest r) {
        SearchFilter f = r.filter();
        return index.version() + "|" + r.type() + "|" + r.limit() + "|" + r.offset() + "|" + r.rawChunks() + "|"
                + r.markdownSnippets() + "|"
                + f.sourceIds().stream().sorted().toList() + "|" + f.dateFrom() + "|" + f.dateTo() + "|"
                + f.contentTypes().stream().sorted().toList() + "|" + r.query();
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
