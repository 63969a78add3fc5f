package io.knowledgehub.adapters.lucene;

import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.search.ChunkHit;
import io.knowledgehub.core.search.InProcessSearchCache;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchConfig;
import io.knowledgehub.core.search.SearchFilter;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.core.search.SearchRequest;
import io.knowledgehub.core.search.SearchResponse;
import io.knowledgehub.core.search.SearchService;
import io.knowledgehub.core.search.SearchType;
import io.knowledgehub.core.search.query.SearchQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How hybrid search asks the index for its two sides, over a real Lucene index: both at once, and the semantic pool
 * the keyword side's answers call for; and how many searches the service works on at once. The query vectors come from
 * a few topic words, so that results are predictable.
 */
class HybridSearchTest {

    private static final String[] TOPICS = {"backup", "replication", "vacuum", "index"};
    private static final UUID SOURCE = UUID.randomUUID();

    @TempDir
    Path dir;

    private LuceneSearchIndex lucene;

    @BeforeEach
    void fill() {
        lucene = new LuceneSearchIndex(dir.resolve("index"));
        lucene.useModel(new IndexModel(TopicEmbedder.NAME, TOPICS.length));
        for (int i = 0; i < 40; i++) {
            String topic = TOPICS[i % TOPICS.length];
            UUID doc = UUID.randomUUID();
            String title = "Page " + i + " on " + topic;
            lucene.replaceDocument(doc, List.of(new IndexedChunk(doc + ":0", doc, SOURCE, 0, title, List.of(title),
                    "How " + topic + " works, part " + i + ".", "http://127.0.0.1/" + doc + ".html", "", "text/html",
                    Instant.parse("2026-01-01T00:00:00Z"), TopicEmbedder.vector(topic))));
        }
    }

    @AfterEach
    void close() {
        lucene.close();
    }

    @Test
    void the_semantic_side_runs_while_the_keyword_side_does() throws Exception {
        CountDownLatch semanticStarted = new CountDownLatch(1);
        List<Boolean> overlapped = new CopyOnWriteArrayList<>();
        Recording index = new Recording(lucene, hits -> hits) {
            @Override
            public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
                semanticStarted.countDown();
                return super.semantic(vector, constraints, filter, limit);
            }

            @Override
            public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
                try {
                    // sequential sides would run the semantic one only after this returns
                    overlapped.add(semanticStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.keyword(query, filter, limit, vector);
            }
        };

        SearchResponse response = service(index).search(hybrid("how does replication work"));

        assertThat(overlapped).containsExactly(true);
        assertThat(index.semanticThreads).doesNotContain(Thread.currentThread().getName());
        assertThat(response.results()).isNotEmpty();
        assertThat(response.results().getFirst().title()).contains("replication");
    }

    @Test
    void keyword_hits_with_their_cosines_spare_most_of_the_semantic_pool_and_without_them_it_is_asked_whole() {
        Recording withCosines = new Recording(lucene, hits -> hits);
        SearchService service = service(withCosines);
        service.search(hybrid("vacuum"));
        assertThat(withCosines.semanticLimits).containsExactly(100);

        Recording without = new Recording(lucene, hits -> hits.stream().map(h -> new ChunkHit(h.chunk(), h.rawScore())).toList());
        SearchService other = service(without);
        SearchResponse first = other.search(hybrid("vacuum"));
        SearchResponse second = other.search(hybrid("backup"));

        int pool = Integer.parseInt(SearchConfig.DEFAULT_CANDIDATES);
        // the first search expected cosines and asks again; from then on the whole pool at once
        assertThat(without.semanticLimits).containsExactly(100, pool, pool);
        assertThat(first.results().getFirst().title()).contains("vacuum");
        assertThat(second.results().getFirst().title()).contains("backup");
    }

    /**
     * More matching chunks than one search gathers (400 per retrieval): every window of the first results sees the
     * same candidates, so pages put together give what one request for all of them gives, and {@code total} is the
     * same whichever window is asked for. Each chunk's words and vector are spread differently, so that the two
     * retrievals find different chunks.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HYBRID", "KEYWORD", "SEMANTIC"})
    void pages_of_a_search_give_what_one_request_gives_and_the_same_total(String type) {
        try (LuceneSearchIndex big = new LuceneSearchIndex(dir.resolve("big"))) {
            big.useModel(new IndexModel(TopicEmbedder.NAME, TOPICS.length));
            for (int d = 0; d < 300; d++) {
                UUID doc = UUID.randomUUID();
                List<IndexedChunk> chunks = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int i = d * 4 + c;
                    String title = "Page " + d;
                    // the query's word 1 to 5 times, and a vector whose topic follows another pattern
                    String text = ("replication ".repeat(i % 5 + 1) + "notes " + i + ".").strip();
                    chunks.add(new IndexedChunk(doc + ":" + c, doc, SOURCE, c, title, List.of(title), text,
                            "http://127.0.0.1/" + doc + ".html", "", "text/html", Instant.parse("2026-01-01T00:00:00Z"),
                            TopicEmbedder.vector(TOPICS[(i / 3 + i % 7) % TOPICS.length])));
                }
                big.replaceDocument(doc, chunks);
            }
            big.commit();
            SearchService service = service(big);
            SearchType searchType = SearchType.valueOf(type);
            for (boolean raw : List.of(true, false)) {
                SearchResponse whole = service.search(new SearchRequest("replication", searchType, 100, 0, SearchFilter.NONE, raw));
                assertThat(whole.results()).as("raw %s", raw).isNotEmpty();
                List<String> paged = new ArrayList<>();
                for (int offset = 0; offset < 100; offset += 10) {
                    SearchResponse page = service.search(new SearchRequest("replication", searchType, 10, offset, SearchFilter.NONE, raw));
                    assertThat(page.total()).as("total at offset %d (raw %s)", offset, raw).isEqualTo(whole.total());
                    page.results().forEach(r -> paged.add(r.id()));
                }
                assertThat(paged).as("raw %s", raw).containsExactlyElementsOf(whole.results().stream().map(r -> r.id()).toList());
                SearchResponse deeper = service.search(new SearchRequest("replication", searchType, 100, 30, SearchFilter.NONE, raw));
                assertThat(deeper.total()).as("raw %s", raw).isEqualTo(whole.total());
            }
        }
    }

    /** A query of stop words alone ("on", SQL's "WITH") finds the chunks holding them; a required one is required. */
    @Test
    void a_query_of_stop_words_finds_the_chunks_that_hold_them() {
        lucene.commit();
        SearchService service = service(lucene);
        SearchResponse on = service.search(keyword("on"));
        assertThat(on.results()).hasSize(5);
        assertThat(on.total()).isEqualTo(40); // every title says "Page N on TOPIC"
        SearchResponse required = service.search(new SearchRequest("+on +backup", SearchType.KEYWORD, 20, 0, SearchFilter.NONE, false));
        assertThat(required.results()).hasSize(10).allSatisfy(r -> assertThat(r.title()).endsWith("on backup"));
        assertThat(service.search(keyword("the")).results()).isEmpty();
        assertThat(service.search(keyword("+the backup")).results()).isEmpty();
        assertThat(service.search(hybrid("on")).results()).hasSize(5);
    }

    /** api.md: "a renamed source shows its new name within 10 s", also in an answer the search cache kept. */
    @Test
    void a_cached_answer_shows_a_renamed_source_by_its_new_name_within_10_s() throws Exception {
        Map<UUID, String> names = new java.util.concurrent.ConcurrentHashMap<>(Map.of(SOURCE, "Handbook"));
        SearchConfig config = SearchConfig.uncached(Integer.parseInt(SearchConfig.DEFAULT_CANDIDATES), 0, "none");
        SearchConfig cached = (SearchConfig) java.lang.reflect.Proxy.newProxyInstance(SearchConfig.class.getClassLoader(),
                new Class<?>[] {SearchConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "cacheTtlSeconds" -> 3600L;
                    case "cacheTtl" -> java.time.Duration.ofHours(1);
                    default -> method.invoke(config, args);
                });
        SearchService service = new SearchService(lucene, new TopicEmbedder(), new InProcessSearchCache(cached), cached,
                ids -> ids.stream().filter(names::containsKey).collect(java.util.stream.Collectors.toMap(id -> id, names::get)),
                ids -> ids);
        assertThat(service.search(keyword("vacuum")).results()).isNotEmpty().allMatch(r -> r.source().equals("Handbook"));
        names.put(SOURCE, "Operations handbook");
        Thread.sleep(10_100);
        SearchResponse again = service.search(keyword("vacuum"));
        assertThat(again.results()).isNotEmpty().allMatch(r -> r.source().equals("Operations handbook"));
    }

    @Test
    void searches_beyond_the_configured_concurrency_wait_their_turn_in_the_order_they_came() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> entered = new CopyOnWriteArrayList<>();
        Recording index = new Recording(lucene, hits -> hits) {
            @Override
            public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
                String topic = List.of(TOPICS).stream().filter(query.raw()::contains).findFirst().orElseThrow();
                entered.add(topic);
                if (topic.equals("vacuum")) {
                    await(release); // the first search holds the only turn until released
                }
                return super.keyword(query, filter, limit);
            }
        };
        SearchService service = service(index, 1);
        assertThat(service.concurrency()).isEqualTo(1);
        List<SearchResponse> answers = new CopyOnWriteArrayList<>();
        List<Thread> searches = new ArrayList<>();
        try {
            for (String q : List.of("vacuum", "backup", "replication")) {
                int before = searches.size();
                searches.add(Thread.ofPlatform().start(() -> answers.add(service.search(keyword(q)))));
                // the first one in the index, each later one queued behind those before it (or, unbounded, done)
                waitFor(() -> before == 0 ? !entered.isEmpty() : service.waiting() == before || entered.size() > before);
            }

            Thread.sleep(200);
            assertThat(entered).containsExactly("vacuum"); // one turn: the others wait, not search beside it
            assertThat(service.waiting()).isEqualTo(2);
        } finally {
            release.countDown();
            for (Thread t : searches) {
                t.join(10_000);
            }
        }
        assertThat(entered).containsExactly("vacuum", "backup", "replication");
        assertThat(answers).hasSize(3).allSatisfy(a -> assertThat(a.results()).isNotEmpty());
        assertThat(service.waiting()).isZero();
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {2, 0})
    void two_turns_or_no_bound_let_two_searches_run_at_once(int concurrency) throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Recording index = new Recording(lucene, hits -> hits) {
            @Override
            public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
                both.countDown();
                await(both); // returns only once the other search is in here too
                return super.keyword(query, filter, limit);
            }
        };
        SearchService service = service(index, concurrency);
        Thread other = Thread.ofPlatform().start(() -> service.search(keyword("backup")));
        try {
            assertThat(service.search(keyword("vacuum")).results()).isNotEmpty();
        } finally {
            other.join(10_000);
        }
        assertThat(both.getCount()).isZero();
        assertThat(service.concurrency()).isEqualTo(concurrency);
    }

    @Test
    void a_negative_concurrency_is_refused_with_the_setting_to_fix_and_unset_is_twice_the_processors() {
        assertThatThrownBy(() -> service(lucene, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KH_SEARCH_CONCURRENCY");
        assertThat(service(lucene).concurrency()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released in 10 s");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static SearchRequest keyword(String q) {
        return new SearchRequest(q, SearchType.KEYWORD, 5, 0, SearchFilter.NONE, false);
    }

    private static SearchRequest hybrid(String q) {
        return new SearchRequest(q, SearchType.HYBRID, 5, 0, SearchFilter.NONE, false);
    }

    private static SearchService service(SearchIndex index) {
        return service(index, OptionalInt.empty());
    }

    private static SearchService service(SearchIndex index, int concurrency) {
        return service(index, OptionalInt.of(concurrency));
    }

    private static SearchService service(SearchIndex index, OptionalInt concurrency) {
        SearchConfig defaults = SearchConfig.uncached(Integer.parseInt(SearchConfig.DEFAULT_CANDIDATES), 0, "none");
        SearchConfig config = (SearchConfig) java.lang.reflect.Proxy.newProxyInstance(SearchConfig.class.getClassLoader(),
                new Class<?>[] {SearchConfig.class}, (proxy, method, args) -> method.getName().equals("concurrency")
                        ? concurrency : method.invoke(defaults, args));
        return new SearchService(index, new TopicEmbedder(), new InProcessSearchCache(config), config,
                ids -> Map.of(), ids -> ids);
    }

    /** The Lucene index, recording what the semantic side was asked and where; keyword hits passed through {@code kw}. */
    private static class Recording implements SearchIndex {
        final LuceneSearchIndex index;
        final UnaryOperator<List<ChunkHit>> kw;
        final List<Integer> semanticLimits = new CopyOnWriteArrayList<>();
        final List<String> semanticThreads = new CopyOnWriteArrayList<>();

        Recording(LuceneSearchIndex index, UnaryOperator<List<ChunkHit>> kw) {
            this.index = index;
            this.kw = kw;
        }

        @Override
        public List<ChunkHit> semantic(float[] vector, SearchQuery constraints, SearchFilter filter, int limit) {
            semanticLimits.add(limit);
            semanticThreads.add(Thread.currentThread().getName());
            return index.semantic(vector, constraints, filter, limit);
        }

        @Override
        public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit, float[] vector) {
            return kw.apply(index.keyword(query, filter, limit, vector));
        }

        @Override
        public List<ChunkHit> keyword(SearchQuery query, SearchFilter filter, int limit) {
            return kw.apply(index.keyword(query, filter, limit));
        }

        public Optional<IndexModel> model() { return index.model(); }
        public void useModel(IndexModel model) { index.useModel(model); }
        public void replaceDocument(UUID documentId, List<IndexedChunk> chunks) { index.replaceDocument(documentId, chunks); }
        public void upsert(List<IndexedChunk> chunks) { index.upsert(chunks); }
        public void deleteChunks(Collection<String> chunkIds) { index.deleteChunks(chunkIds); }
        public void deleteDocuments(Collection<UUID> documentIds) { index.deleteDocuments(documentIds); }
        public void deleteSource(UUID sourceId) { index.deleteSource(sourceId); }
        public void clear() { index.clear(); }
        public void commit() { index.commit(); }
        public long chunkCount() { return index.chunkCount(); }
        public long version() { return index.version(); }
        public void close() { }
    }

    /** A unit vector per topic word the text names (and a little of every other). */
    private static final class TopicEmbedder implements Embedder {
        static final String NAME = "topic-words";

        static float[] vector(String text) {
            String t = text.toLowerCase(Locale.ROOT);
            float[] v = new float[TOPICS.length];
            for (int i = 0; i < TOPICS.length; i++) {
                v[i] = t.contains(TOPICS[i]) ? 1f : 0.05f;
            }
            double n = 0;
            for (float x : v) {
                n += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(n);
            }
            return v;
        }

        public String modelName() { return NAME; }
        public int dimension() { return TOPICS.length; }
        public int maxTokens() { return 256; }
        public int countTokens(String text) { return text.split("\\s+").length; }

        public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            texts.forEach(t -> out.add(vector(t)));
            return out;
        }
    }
}
