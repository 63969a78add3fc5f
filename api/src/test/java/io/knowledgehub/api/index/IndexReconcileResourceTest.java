package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.search.ChunkIds;
import io.knowledgehub.core.search.IndexedChunk;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexReconcile;
import io.knowledgehub.indexer.job.IndexWriteLock;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real app's Lucene index and database, indexed by a real crawl, then made to disagree the three ways a crash
 * can leave them (a document marked indexed that the index lacks, entries of a removed document, entries of an old
 * version), and reconciled through the API.
 */
@QuarkusTest
class IndexReconcileResourceTest {

    private static final String[] WORDS = {"quillfeather", "brambleworth", "copperkettle", "thistledown"};

    private static FixtureSiteServer site;

    @Inject
    SearchIndex index;

    @Inject
    EntityManager em;

    @Inject
    IndexWriteLock writeLock;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void reconcile_repairs_exactly_what_differs_and_search_never_shows_a_removed_document() throws Exception {
        String sourceId = crawlAndIndex();
        // whatever earlier tests in this JVM left is repaired first, so the counts below are this test's alone
        reconcile();
        JsonPath agreed = info();
        assertThat(agreed.getBoolean("consistent")).isTrue();
        assertThat(agreed.getLong("database.documents")).isEqualTo(agreed.getLong("index.documents"));
        assertThat(agreed.getLong("database.chunks")).isEqualTo(agreed.getLong("index.chunks")).isEqualTo(agreed.getLong("chunks"));

        UUID missing = documentWith(sourceId, WORDS[0]);
        UUID removed = documentWith(sourceId, WORDS[1]);
        UUID stale = documentWith(sourceId, WORDS[2]);
        int missingChunks = chunkCount(missing);
        int removedChunks = chunkCount(removed);
        assertThat(missingChunks).isPositive();
        assertThat(removedChunks).isPositive();

        // a document marked indexed whose entries never became durable
        index.deleteDocuments(List.of(missing));
        // a page removed from the database whose removal never reached the index
        QuarkusTransaction.requiringNew().run(() -> {
            em.createQuery("delete from DocumentChunk where documentId = :d").setParameter("d", removed).executeUpdate();
            em.createQuery("delete from Document where id = :d").setParameter("d", removed).executeUpdate();
        });
        // an entry of an old version of a page, next to its current ones
        int dimension = index.model().orElseThrow().dimension();
        float[] vector = new float[dimension];
        vector[0] = 1;
        index.upsert(List.of(new IndexedChunk(ChunkIds.of(stale, 7, ChunkIds.contentHash("old text")), stale, UUID.fromString(sourceId),
                7, "Old title", List.of(), "the old version mentioned zanzibarquartz", "http://old/", null, "text/html", Instant.now(),
                vector, List.of())));
        index.commit();

        // search already leaves the removed document out, before any repair, and fills the page with the next ones
        assertThat(keyword(WORDS[1])).isEmpty();
        assertThat(keyword("explains", 2)).containsExactlyInAnyOrder(stale.toString(), documentWith(sourceId, WORDS[3]).toString());

        JsonPath broken = info();
        assertThat(broken.getBoolean("consistent")).isFalse();
        assertThat(broken.getLong("index.chunks")).isEqualTo(agreed.getLong("index.chunks") - missingChunks + 1);
        assertThat(broken.getLong("database.chunks")).isEqualTo(agreed.getLong("database.chunks") - removedChunks);

        JsonPath fixed = reconcile();
        assertThat(fixed.getBoolean("found.consistent")).isFalse();
        assertThat(fixed.getInt("found.orphan_documents")).isEqualTo(1);
        assertThat(fixed.getInt("found.orphan_chunks")).isEqualTo(removedChunks);
        assertThat(fixed.getInt("found.stale_documents")).isEqualTo(1);
        assertThat(fixed.getInt("found.stale_chunks")).isEqualTo(1);
        assertThat(fixed.getInt("found.missing_documents")).isEqualTo(1);
        assertThat(fixed.getInt("found.missing_chunks")).isEqualTo(missingChunks);
        assertThat(fixed.getInt("deleted_documents")).isEqualTo(1);
        assertThat(fixed.getInt("deleted_chunks")).isEqualTo(removedChunks + 1);
        assertThat(fixed.getInt("requeued_documents")).isEqualTo(1);
        assertThat(fixed.getList("job_ids")).hasSize(1);
        assertThat(fixed.getBoolean("consistent")).isTrue();

        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        JsonPath after = info();
        assertThat(after.getBoolean("consistent")).isTrue();
        assertThat(after.getLong("pending_documents")).isZero();
        assertThat(after.getLong("index.documents")).isEqualTo(after.getLong("database.documents"))
                .isEqualTo(agreed.getLong("database.documents") - 1);
        assertThat(after.getLong("index.chunks")).isEqualTo(after.getLong("database.chunks"))
                .isEqualTo(agreed.getLong("database.chunks") - removedChunks);
        // only the document the index lacked was indexed again
        assertThat(given().get("/api/v1/jobs/" + fixed.getList("job_ids").get(0)).then().statusCode(200).extract()
                .jsonPath().getInt("result.documents_indexed")).isEqualTo(1);
        assertThat(keyword(WORDS[0])).containsExactly(missing.toString());
        assertThat(keyword("zanzibarquartz")).isEmpty();
        assertThat(keyword(WORDS[3])).hasSize(1);

        // a second reconcile finds nothing to do
        JsonPath again = reconcile();
        assertThat(again.getBoolean("found.consistent")).isTrue();
        assertThat(again.getInt("deleted_chunks")).isZero();
        assertThat(again.getInt("requeued_documents")).isZero();
    }

    @Test
    void the_comparison_never_takes_indexing_in_progress_for_a_difference() throws Exception {
        // whatever earlier tests in this JVM left is repaired first
        reconcile();
        try (FixtureSiteServer docs = TestSites.docsSite(60)) {
            Response created = createSource(uniqueName("Comparison during indexing"), docs.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0));
            String sourceId = created.path("id");
            try {
                List<String> differences = new ArrayList<>();
                int checks = 0;
                int duringIndexing = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (TestSites.busy(sourceId) && System.nanoTime() < deadline) {
                    JsonPath during = info();
                    checks++;
                    if (during.getLong("pending_documents") > 0) {
                        duringIndexing++;
                    }
                    if (!during.getBoolean("consistent")) {
                        differences.add(during.prettify());
                    }
                    Thread.sleep(5);
                }
                TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
                // the comparisons ran while documents went from pending to indexed
                assertThat(duringIndexing).as("checks while documents were pending, of %d", checks).isPositive();
                assertThat(differences).isEmpty();
                JsonPath after = info();
                assertThat(after.getBoolean("consistent")).isTrue();
                assertThat(after.getLong("pending_documents")).isZero();
            } finally {
                given().delete("/api/v1/sources/" + sourceId).then().statusCode(204);
            }
        }
    }

    @Test
    void a_difference_seen_while_a_writer_holds_the_index_is_looked_at_again_once_it_is_done() throws Exception {
        try (FixtureSiteServer docs = TestSites.docsSite(1)) {
            // an index with a model, whichever test ran before
            String sourceId = createSource(uniqueName("Writer in flight"), docs.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0)).path("id");
            TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
            given().delete("/api/v1/sources/" + sourceId).then().statusCode(204);
        }
        reconcile();
        UUID document = UUID.randomUUID();
        float[] vector = new float[index.model().orElseThrow().dimension()];
        vector[0] = 1;
        List<IndexedChunk> entries = List.of(new IndexedChunk(ChunkIds.of(document, 0, ChunkIds.contentHash("in flight")), document,
                UUID.randomUUID(), 0, "In flight", List.of(), "written by a writer that has not recorded it yet", "http://flight/", null,
                "text/html", Instant.now(), vector, List.of()));
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try {
            Future<JsonPath> asked;
            writeLock.lock().lock();
            try {
                // a writer half-way: entries of a document the database does not hold (not yet, or no more)
                index.upsert(entries);
                index.commit();
                asked = asker.submit(this::info);
                awaitWaitingForTheLock("check");
                assertThat(asked).as("the comparison that found a difference waits for the writer").isNotDone();
                // the writer ends its work: the entries go
                index.deleteDocuments(List.of(document));
                index.commit();
            } finally {
                writeLock.lock().unlock();
            }
            assertThat(asked.get(30, TimeUnit.SECONDS).getBoolean("consistent")).isTrue();

            // the same entries left behind with no writer at work: a difference, reported as such and repaired
            index.upsert(entries);
            index.commit();
            assertThat(info().getBoolean("consistent")).isFalse();
            JsonPath fixed = reconcile();
            assertThat(fixed.getInt("found.orphan_documents")).isEqualTo(1);
            assertThat(fixed.getBoolean("consistent")).isTrue();
        } finally {
            asker.shutdownNow();
            index.deleteDocuments(List.of(document));
            index.commit();
        }
    }

    @Test
    void a_chunk_posted_while_a_reconcile_waits_for_a_writer_is_applied_not_taken_for_a_difference() throws Exception {
        try (FixtureSiteServer docs = TestSites.docsSite(1)) {
            String sourceId = createSource(uniqueName("Posted during reconcile"), docs.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0)).path("id");
            ExecutorService asker = Executors.newSingleThreadExecutor();
            try {
                TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
                reconcile();
                String documentId = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=1").path("documents[0].id");
                String text = "The marrowgrist option is described in a chunk of its own.";
                List<Float> vector = given().contentType("application/json").body(Map.of("texts", List.of(text)))
                        .post("/api/v1/embeddings").path("embeddings[0]");
                Future<JsonPath> reconciled;
                writeLock.lock().lock();
                try {
                    // a writer at work; a reconcile asked meanwhile waits for it
                    reconciled = asker.submit(IndexReconcileResourceTest::reconcile);
                    awaitWaitingForTheLock("reconcile");
                    // a chunk posted now is in the database, and waits in the outbox until the writer is done
                    given().contentType("application/json").body(Map.of("document_id", documentId, "chunk_index", 70,
                            "content", text, "embedding", vector)).post("/api/v1/chunks").then().statusCode(201);
                } finally {
                    writeLock.lock().unlock();
                }
                JsonPath result = reconciled.get(60, TimeUnit.SECONDS);
                // applied before the comparison: not missing, and its document not indexed again from its page
                assertThat(result.getInt("found.missing_chunks")).as(result.prettify()).isZero();
                assertThat(result.getInt("requeued_documents")).isZero();
                assertThat(result.getList("job_ids")).isEmpty();
                assertThat(result.getBoolean("consistent")).isTrue();
                assertThat(keyword("marrowgrist")).containsExactly(documentId);
            } finally {
                asker.shutdownNow();
                given().delete("/api/v1/sources/" + sourceId).then().statusCode(204);
            }
        }
    }

    /** Until a request thread of the app waits for the write lock inside {@code IndexReconcile.method}. */
    private static void awaitWaitingForTheLock(String method) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                Thread.State state = t.getKey().getState();
                boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
                if (parked && Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().startsWith(IndexWriteLock.class.getName())
                        && f.getMethodName().contains("ock"))
                        && Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().equals(IndexReconcile.class.getName())
                        && f.getMethodName().equals(method))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + method + " waited for the index write lock within 30 s");
    }

    private String crawlAndIndex() throws Exception {
        Path root = Files.createTempDirectory("kh-reconcile-site");
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < WORDS.length; i++) {
            links.append("<li><a href=\"p").append(i).append(".html\">Part ").append(i).append("</a></li>");
            write(root.resolve("docs/p" + i + ".html"), page("Part " + i, "<h2>Chapter " + i + "</h2><p>This page explains the "
                    + WORDS[i] + " setting in detail.</p><p>Another paragraph about the " + WORDS[i] + " option.</p>"));
        }
        write(root.resolve("docs/index.html"), page("Handbook", "<p>Start here.</p><ul>" + links + "</ul>"));
        site = FixtureSiteServer.serve(root);
        Response created = createSource(uniqueName("Reconcile handbook"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0));
        String sourceId = created.path("id");
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        return sourceId;
    }

    private static JsonPath reconcile() {
        return given().contentType("application/json").post("/api/v1/index/reconcile").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath info() {
        return given().get("/api/v1/index").then().statusCode(200).extract().jsonPath();
    }

    private UUID documentWith(String sourceId, String word) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select d.id from Document d where d.sourceId = :s and d.content like :w", UUID.class)
                .setParameter("s", UUID.fromString(sourceId)).setParameter("w", "%" + word + "%").getSingleResult());
    }

    private int chunkCount(UUID documentId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select count(*) from DocumentChunk c where c.documentId = :d", Long.class).setParameter("d", documentId)
                .getSingleResult()).intValue();
    }

    /** Document ids of the keyword hits for the word. */
    private static List<String> keyword(String word) {
        return keyword(word, 10);
    }

    private static List<String> keyword(String word, int limit) {
        return given().contentType("application/json").body(Map.of("query", word, "search_type", "keyword", "limit", limit))
                .post("/api/v1/search").then().statusCode(200).extract().jsonPath().getList("results.document_id");
    }
}
