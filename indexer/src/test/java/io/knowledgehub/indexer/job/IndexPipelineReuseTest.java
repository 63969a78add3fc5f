package io.knowledgehub.indexer.job;

import io.knowledgehub.adapters.embeddings.EmbedderSettings;
import io.knowledgehub.adapters.embeddings.EmbeddingModels;
import io.knowledgehub.adapters.embeddings.OnnxEmbedder;
import io.knowledgehub.adapters.lucene.LuceneSearchIndex;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.embed.DatabaseEmbeddingCache;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingCache;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.IndexModel;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Reuse of vectors by the indexing pipeline, with the real model, a real Lucene index and the embedding cache in a real
 * H2 database migrated like the product's. Expected counts come from the chunker: the texts a run must embed are the
 * distinct embed texts it has not embedded before.
 */
class IndexPipelineReuseTest {

    private static final UUID SOURCE = UUID.randomUUID();
    private static OnnxEmbedder minilm;
    private static JdbcDataSource db;

    @TempDir
    Path dir;

    private DatabaseEmbeddingCache cache;

    @BeforeAll
    static void start() {
        minilm = EmbeddingModels.create("all-MiniLM-L6-v2", EmbedderSettings.defaults().withWorkers(2));
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:pipeline-reuse;DB_CLOSE_DELAY=-1");
        db.setUser("kh");
        db.setPassword("kh");
        Flyway.configure().dataSource(db).load().migrate();
    }

    @AfterAll
    static void stop() {
        minilm.close();
    }

    @BeforeEach
    void emptyCache() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM embedding_cache");
        }
        cache = new DatabaseEmbeddingCache(db, 100_000, Clock.systemUTC());
    }

    @Test
    void a_refreshed_page_embeds_only_its_changed_chunks_and_keeps_the_vectors_of_the_others() {
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1), page("Vacuum", 2));
        IndexPipeline.Stats first = run(minilm, cache, site);
        assertThat(first.embedded).isEqualTo(distinctTexts(minilm, site).size());
        assertThat(first.reused).isZero();

        IndexablePage edited = edit(site.get(1), "Standby servers replay the log", "Standby servers replay the write-ahead log");
        Set<String> before = distinctTexts(minilm, List.of(site.get(1)));
        Set<String> after = distinctTexts(minilm, List.of(edited));
        Set<String> changed = new HashSet<>(after);
        changed.removeAll(before);
        int chunks = chunker(minilm).chunk(edited.title(), edited.content(), edited.headings()).size();
        assertThat(changed).hasSizeBetween(1, chunks - 1);

        IndexPipeline.Stats refresh = run(minilm, cache, List.of(edited));

        assertThat(refresh.embedded).isEqualTo(changed.size());
        assertThat(refresh.reused).isEqualTo(chunks - changed.size());
        assertThat(refresh.chunks).isEqualTo(chunks);
        // a reused vector is the model's vector of that very text
        String kept = after.stream().filter(before::contains).findFirst().orElseThrow();
        assertThat(cache.find(minilm.modelKey(), minilm.dimension(), List.of(ChunkIds.contentHash(kept))).values().iterator().next())
                .containsExactly(minilm.embed(kept), within(1e-5f));
    }

    @Test
    void pages_that_share_a_chunk_embed_it_once() {
        // the same page under two versions of a manual: same title, same section, one section that differs
        IndexablePage v1 = page("Configuration", 0);
        IndexablePage v2 = edit(page("Configuration", 0), "Section three", "Section three, as of version 2");
        List<IndexablePage> both = List.of(v1, v2);
        int total = both.stream().mapToInt(d -> chunker(minilm).chunk(d.title(), d.content(), d.headings()).size()).sum();
        int distinct = distinctTexts(minilm, both).size();
        assertThat(distinct).isLessThan(total);

        IndexPipeline.Stats stats = run(minilm, cache, both);

        assertThat(stats.embedded).isEqualTo(distinct);
        assertThat(stats.reused).isEqualTo(total - distinct);
        assertThat(stats.chunks).isEqualTo(total);
    }

    @Test
    void pages_that_share_a_chunk_in_consecutive_batches_embed_it_once() {
        // one document per batch: the second batch is looked up before the first one's vectors are stored
        List<IndexablePage> both = List.of(page("Configuration", 0),
                edit(page("Configuration", 0), "Section three", "Section three, as of version 2"));
        IndexPipeline.Stats stats = run(minilm, cache, both, 1);

        assertThat(stats.embedded).isEqualTo(distinctTexts(minilm, both).size());
    }

    @Test
    void indexing_the_same_pages_again_embeds_nothing() {
        // what a rebuild does when only settings that leave the embedded text alone changed
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
        IndexPipeline.Stats first = run(minilm, cache, site);

        IndexPipeline.Stats again = run(minilm, cache, site);

        assertThat(again.embedded).isZero();
        assertThat(again.reused).isEqualTo(first.chunks).isEqualTo(again.chunks);
    }

    @Test
    void batches_whose_vectors_are_all_known_are_written_together_and_every_page_is_saved() {
        List<IndexablePage> site = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            site.add(page("Page" + i, i));
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("together"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), minilm, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            List<IndexablePage> saved = new ArrayList<>();
            long v0 = index.version();
            IndexPipeline.Stats first = pipeline.run(oneAtATime(site), savingTo(saved), () -> true);
            long writesEmbedding = index.version() - v0;
            assertThat(first.embedded).isPositive();
            assertThat(writesEmbedding).as("a batch the model embedded is written at once").isEqualTo(site.size());

            saved.clear();
            long v1 = index.version();
            IndexPipeline.Stats again = pipeline.run(oneAtATime(site), savingTo(saved), () -> true);

            assertThat(again.embedded).isZero();
            assertThat(index.version() - v1).as("index writes for %d batches of known vectors", site.size())
                    .isLessThan(site.size());
            assertThat(saved).containsExactlyInAnyOrderElementsOf(site);
            assertThat(again.documents).isEqualTo(site.size());
            assertThat(index.chunkCount()).isEqualTo(again.chunks).isEqualTo(first.chunks);
        }
    }

    @Test
    void held_batches_are_written_while_the_model_embeds_the_next_one() {
        List<IndexablePage> known = List.of(page("Backups", 0), page("Replication", 1));
        IndexablePage fresh = page("Vacuum", 2);
        List<IndexablePage> saved = new CopyOnWriteArrayList<>();
        List<Boolean> knownSavedWhileEmbedding = new CopyOnWriteArrayList<>();
        Embedder watching = new Embedder() {
            public String modelName() { return minilm.modelName(); }
            public int dimension() { return minilm.dimension(); }
            public int maxTokens() { return minilm.maxTokens(); }
            public int countTokens(String text) { return minilm.countTokens(text); }

            public List<float[]> embedAll(List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("Vacuum"))) {
                    // the held batches of known vectors must not wait for this
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!saved.containsAll(known) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    knownSavedWhileEmbedding.add(saved.containsAll(known));
                }
                return minilm.embedAll(texts);
            }
        };
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("while-embedding"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), watching, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            pipeline.run(oneAtATime(known), savingTo(new ArrayList<>()), () -> true);

            List<IndexablePage> all = new ArrayList<>(known);
            all.add(fresh);
            IndexPipeline.Stats stats = pipeline.run(oneAtATime(all), savingTo(saved), () -> true);

            assertThat(knownSavedWhileEmbedding).containsExactly(true);
            assertThat(saved).containsExactlyInAnyOrderElementsOf(all);
            assertThat(stats.embedded).isEqualTo(distinctTexts(minilm, List.of(fresh)).size());
        }
    }

    @Test
    void a_run_that_stops_after_its_first_batch_writes_it_without_reading_a_second_one() {
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Supplier<List<IndexablePage>> batches = oneAtATime(site);
        List<IndexablePage> saved = new CopyOnWriteArrayList<>();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("first-batch"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), minilm, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            // as an indexing job beside a busy crawl: it stops after its first batch
            IndexPipeline.Stats stats = pipeline.run(() -> {
                reads.incrementAndGet();
                return batches.get();
            }, savingTo(saved), () -> false);

            assertThat(saved).containsExactly(site.get(0));
            assertThat(reads).as("batches read").hasValue(1);
            assertThat(stats.documents).isEqualTo(1);
            assertThat(index.chunkCount()).isEqualTo(stats.chunks).isPositive();
        }
    }

    /** One very large page (thousands of chunks): a stop asked for while it is embedded ends the run between slices. */
    @Test
    void a_stop_asked_for_while_a_large_page_is_embedded_ends_the_run_before_the_page_is_done() {
        StringBuilder text = new StringBuilder("# Handbook\n\n");
        for (int i = 0; i < 2400; i++) {
            text.append("Paragraph ").append(i).append(" says how setting ").append(i).append(" changes the server's behaviour ")
                    .append("under load, and which other settings it depends on.\n\n");
        }
        IndexablePage large = new IndexablePage(UUID.randomUUID(), SOURCE, "http://127.0.0.1/handbook", "Handbook",
                text.toString(), List.of(new Heading(1, "Handbook", null)), Instant.now(), Instant.now());
        int chunks = chunker(minilm).chunk(large.title(), large.content(), large.headings()).size();
        int slice = 256; // the product's slice is 2,048: smaller here, so the test embeds less
        assertThat(chunks).as("chunks of the page").isGreaterThan(2 * slice);
        AtomicInteger embedded = new AtomicInteger();
        Embedder counting = new Embedder() {
            public String modelName() { return minilm.modelName(); }
            public int dimension() { return minilm.dimension(); }
            public int maxTokens() { return minilm.maxTokens(); }
            public int countTokens(String t) { return minilm.countTokens(t); }

            public List<float[]> embedAll(List<String> texts) {
                embedded.addAndGet(texts.size());
                return minilm.embedAll(texts);
            }
        };
        List<IndexablePage> saved = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("large"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), counting, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            pipeline.embedSlice = slice;
            // cancelled after the first slice
            pipeline.run(oneAtATime(List.of(large)), savingTo(saved), () -> true, () -> asked.incrementAndGet() >= 1);

            assertThat(embedded).as("texts embedded").hasValue(slice);
            assertThat(asked).hasValue(1);
            assertThat(saved).as("the page stays pending").isEmpty();
            assertThat(index.chunkCount()).isZero();
        }
    }

    @Test
    void a_run_that_fails_ends_after_the_write_it_had_queued() {
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
        java.util.function.Supplier<List<IndexablePage>> first = oneAtATime(site.subList(0, 1));
        AtomicInteger reads = new AtomicInteger();
        List<IndexablePage> saved = new CopyOnWriteArrayList<>();
        IndexPipeline.Store slow = savingTo(saved, doc -> {
            try {
                Thread.sleep(500); // a slow database
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("failing-read"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), minilm, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            // the second read fails (the database went away) while the first batch is being written
            assertThatThrownBy(() -> pipeline.run(() -> {
                if (reads.incrementAndGet() > 1) {
                    throw new IllegalStateException("database gone");
                }
                return first.get();
            }, slow, () -> true)).isInstanceOf(IllegalStateException.class).hasMessage("database gone");

            assertThat(saved).as("written before the run ended").containsExactly(site.get(0));
            assertThat(index.chunkCount()).isPositive();
        }
    }

    @Test
    void a_failed_write_reaches_the_job_as_it_was_thrown_whichever_batch_it_was() {
        // the job's user is told "a read or write failed" for an UncheckedIOException, not a wrapper's generic text
        for (int failing = 0; failing < 2; failing++) {
            List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
            IndexablePage fails = site.get(failing);
            IndexPipeline.Store full = savingTo(new ArrayList<>(), doc -> {
                if (doc == fails) {
                    throw new java.io.UncheckedIOException("disk full", new java.io.IOException("No space left on device"));
                }
            });
            try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("full-" + failing))) {
                index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
                IndexPipeline pipeline = new IndexPipeline(chunker(minilm), minilm, index, new java.util.concurrent.locks.ReentrantLock(), cache);
                // the first page is written at once, the second held and written as the run ends
                assertThatThrownBy(() -> pipeline.run(oneAtATime(site), full, () -> true)).as("page " + failing)
                        .isInstanceOf(java.io.UncheckedIOException.class).hasMessage("disk full");
            }
        }
    }

    @Test
    void an_interrupted_failing_run_lets_the_queued_write_finish_and_keeps_the_interrupt() throws Exception {
        List<IndexablePage> site = List.of(page("Backups", 0));
        java.util.function.Supplier<List<IndexablePage>> first = oneAtATime(site);
        AtomicInteger reads = new AtomicInteger();
        List<IndexablePage> saved = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        IndexPipeline.Store slow = savingTo(saved, doc -> {
            writing.countDown();
            try {
                Thread.sleep(1000); // a slow database; an interrupt here fails the write
            } catch (InterruptedException e) {
                throw new IllegalStateException("the write was interrupted", e);
            }
        });
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("interrupted"))) {
            index.useModel(new IndexModel(minilm.modelName(), minilm.dimension()));
            IndexPipeline pipeline = new IndexPipeline(chunker(minilm), minilm, index, new java.util.concurrent.locks.ReentrantLock(), cache);
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean interruptKept = new java.util.concurrent.atomic.AtomicBoolean();
            Thread job = new Thread(() -> {
                try {
                    pipeline.run(() -> {
                        if (reads.incrementAndGet() > 1) {
                            throw new IllegalStateException("database gone");
                        }
                        return first.get();
                    }, slow, () -> true);
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            job.start();
            assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
            job.interrupt(); // as a stopping app interrupts its job threads, while the run waits for its write
            job.join(30_000);

            assertThat(thrown.get()).hasMessageContaining("database gone");
            assertThat(saved).as("the write finished, not interrupted").containsExactly(site.get(0));
            assertThat(interruptKept).as("the job thread still sees its interrupt").isTrue();
        }
    }

    private static java.util.function.Supplier<List<IndexablePage>> oneAtATime(List<IndexablePage> docs) {
        Iterator<IndexablePage> it = docs.iterator();
        return () -> it.hasNext() ? List.of(it.next()) : List.of();
    }

    private static IndexPipeline.Store savingTo(List<IndexablePage> saved) {
        return savingTo(saved, doc -> { });
    }

    /** A store that keeps the pages saved as indexed, each after {@code beforeSave}. */
    private static IndexPipeline.Store savingTo(List<IndexablePage> saved, java.util.function.Consumer<IndexablePage> beforeSave) {
        return new IndexPipeline.Store() {
            public boolean saveIndexed(IndexablePage doc, List<Chunk> chunks) {
                beforeSave.accept(doc);
                saved.add(doc);
                return true;
            }

            public void markFailed(IndexablePage doc, Exception e) {
                throw new AssertionError("failed: " + doc.url(), e);
            }

            public void notSaved(IndexablePage doc) {
                throw new AssertionError("not saved: " + doc.url());
            }
        };
    }

    @Test
    void another_model_reuses_nothing() {
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
        run(minilm, cache, site);

        try (OnnxEmbedder int8 = EmbeddingModels.create("all-MiniLM-L6-v2-q", EmbedderSettings.defaults().withWorkers(2))) {
            assertThat(int8.modelKey()).isNotEqualTo(minilm.modelKey());
            IndexPipeline.Stats other = run(int8, cache, site);

            assertThat(other.embedded).isEqualTo(distinctTexts(int8, site).size());
            assertThat(other.reused).isZero();
            // both models' vectors are kept apart: the first model still finds all of its own
            assertThat(run(minilm, cache, site).embedded).isZero();
            assertThat(run(int8, cache, site).embedded).isZero();
        }
    }

    @Test
    void vectors_are_stored_under_the_key_the_embedder_gives_once_it_has_embedded() {
        // an HTTP embedder whose inference server could not be asked at the lookup answers its key after embedding:
        // the fresh vectors go under the key it gives then, where the next run looks them up
        List<IndexablePage> site = List.of(page("Backups", 0), page("Replication", 1));
        AtomicInteger asked = new AtomicInteger();
        Embedder learning = new Embedder() {
            public String modelName() {
                return minilm.modelName();
            }

            public int dimension() {
                return minilm.dimension();
            }

            public String modelKey() {
                return asked.getAndIncrement() == 0 ? minilm.modelKey() + "/not-known-yet" : minilm.modelKey();
            }

            public int maxTokens() {
                return minilm.maxTokens();
            }

            public int countTokens(String text) {
                return minilm.countTokens(text);
            }

            public List<float[]> embedAll(List<String> texts) {
                return minilm.embedAll(texts);
            }
        };

        IndexPipeline.Stats first = run(learning, cache, site, 100); // one batch: one lookup, then one store
        assertThat(first.embedded).isEqualTo(distinctTexts(minilm, site).size());
        assertThat(asked.get()).isEqualTo(2);
        assertThat(cache.find(minilm.modelKey() + "/not-known-yet", minilm.dimension(),
                distinctTexts(minilm, site).stream().map(ChunkIds::contentHash).toList())).isEmpty();

        IndexPipeline.Stats again = run(minilm, cache, site);
        assertThat(again.embedded).isZero();
        assertThat(again.reused).isEqualTo(again.chunks).isPositive();
    }

    @Test
    void with_reuse_off_every_chunk_is_embedded() {
        List<IndexablePage> site = List.of(page("Backups", 0), page("Backups", 0));
        run(minilm, cache, site);

        IndexPipeline.Stats stats = run(minilm, EmbeddingCache.NONE, site);

        assertThat(stats.embedded).isEqualTo(stats.chunks).isPositive();
        assertThat(stats.reused).isZero();
    }

    private IndexPipeline.Stats run(Embedder embedder, EmbeddingCache c, List<IndexablePage> docs) {
        return run(embedder, c, docs, 16);
    }

    /** One pipeline run over the documents, into a fresh Lucene index, with a store that accepts every document. */
    private IndexPipeline.Stats run(Embedder embedder, EmbeddingCache c, List<IndexablePage> docs, int batchSize) {
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir.resolve("index-" + UUID.randomUUID()))) {
            index.useModel(new IndexModel(embedder.modelName(), embedder.dimension()));
            Iterator<IndexablePage> it = docs.iterator();
            AtomicInteger saved = new AtomicInteger();
            IndexPipeline.Stats stats = new IndexPipeline(chunker(embedder), embedder, index, new java.util.concurrent.locks.ReentrantLock(), c)
                    .run(() -> {
                        List<IndexablePage> batch = new ArrayList<>();
                        while (it.hasNext() && batch.size() < batchSize) {
                            batch.add(it.next());
                        }
                        return batch;
                    }, new IndexPipeline.Store() {
                        public boolean saveIndexed(IndexablePage doc, List<Chunk> chunks) {
                            saved.incrementAndGet();
                            return true;
                        }

                        public void markFailed(IndexablePage doc, Exception e) {
                            throw new AssertionError("failed: " + doc.url(), e);
                        }

                        public void notSaved(IndexablePage doc) {
                        }
                    }, () -> true);
            assertThat(saved.get()).isEqualTo(docs.size());
            assertThat(index.chunkCount()).isEqualTo(stats.chunks);
            return stats;
        }
    }

    private static Chunker chunker(Embedder embedder) {
        return Chunker.forEmbedder(embedder);
    }

    private static Set<String> distinctTexts(Embedder embedder, List<IndexablePage> docs) {
        Set<String> texts = new HashSet<>();
        for (IndexablePage d : docs) {
            chunker(embedder).chunk(d.title(), d.content(), d.headings()).forEach(c -> texts.add(c.embedText()));
        }
        return texts;
    }

    /** A page of four sections, each long enough to be a chunk of its own; {@code variant} varies the wording. */
    private static IndexablePage page(String title, int variant) {
        StringBuilder text = new StringBuilder("# " + title + "\n\n");
        List<Heading> headings = new ArrayList<>(List.of(new Heading(1, title, null)));
        String[] names = {"Section one", "Section two", "Section three", "Section four"};
        String[] topics = {"the log", "the checkpoint", "the archive", "the standby"};
        for (int s = 0; s < names.length; s++) {
            text.append("## ").append(names[s]).append("\n\n");
            headings.add(new Heading(2, names[s], "s" + s));
            for (int p = 0; p < 2; p++) {
                text.append(sentence(title, topics[(s + variant) % topics.length], s, p)).append("\n\n");
            }
        }
        return new IndexablePage(UUID.randomUUID(), SOURCE, "http://127.0.0.1/" + title.toLowerCase() + "-" + variant,
                title, text.toString(), headings, Instant.now(), Instant.now());
    }

    private static String sentence(String title, String topic, int section, int paragraph) {
        return "In " + title + ", " + topic + " matters for section " + section + " paragraph " + paragraph + ". "
                + "Standby servers replay the log that the primary writes, and the archive keeps every segment until a base "
                + "backup no longer needs it. A checkpoint flushes dirty pages so that recovery starts from a known point. "
                + "Operators tune these settings together, and the documentation explains each of them in its own section.";
    }

    /** The same document, one passage of its text changed (as a crawl stores a page that was edited). */
    private static IndexablePage edit(IndexablePage d, String from, String to) {
        int at = d.content().indexOf(from);
        assertThat(at).as("text to edit").isNotNegative();
        String content = d.content().substring(0, at) + to + d.content().substring(at + from.length());
        List<Heading> headings = d.headings().stream().map(h -> h.text().equals(from) ? new Heading(h.level(), to, h.anchor()) : h).toList();
        return new IndexablePage(d.id(), d.sourceId(), d.url(), d.title(), content, headings, d.changedAt(), Instant.now());
    }
}
