package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.document.IndexablePage;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.indexer.chunk.Chunk;
import io.knowledgehub.indexer.chunk.Chunker;
import io.knowledgehub.indexer.job.IndexStore;
import io.knowledgehub.indexer.job.IndexerConfig;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.page;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.knowledgehub.api.TestSites.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vectors are reused through the real app: a real crawl of a fixture site, the real model and the embedding cache in
 * the app's database. What a job must embed is worked out with the app's own chunker: the distinct embed texts of the
 * page after the edit that it did not have before.
 */
@QuarkusTest
class EmbeddingReuseResourceTest {

    private static final List<FixtureSiteServer> SITES = new ArrayList<>();

    @Inject
    IndexStore store;

    @Inject
    Embedder embedder;

    @Inject
    IndexerConfig config;

    @Inject
    EntityManager em;

    @AfterAll
    static void stop() {
        SITES.forEach(FixtureSiteServer::close);
    }

    @Test
    void a_refresh_after_editing_one_paragraph_embeds_only_the_changed_chunks() throws Exception {
        String word = "lanternwick" + UUID.randomUUID().toString().substring(0, 6);
        Path root = site(word);
        String sourceId = crawlAndIndex(root, "Reuse handbook");
        UUID doc = documentAt(sourceId, "p1.html");
        IndexablePage before = store.document(doc).orElseThrow();
        Set<String> ragJobsBefore = ragJobIds(sourceId);

        // one paragraph of one page is edited
        Path file = root.resolve("docs/p1.html");
        String html = Files.readString(file);
        String paragraph = "The " + word + " 1 pool keeps idle connections";
        assertThat(html).contains(paragraph);
        Files.writeString(file, html.replace(paragraph, "The " + word + " 1 pool, now sized by zephyrquill, keeps idle connections"));
        Response refresh = given().contentType("application/json").post("/api/v1/sources/" + sourceId + "/refresh");
        refresh.then().statusCode(200);
        assertThat(TestSites.awaitJob(refresh.path("job_id"), Duration.ofSeconds(60)).<Integer>path("result.pages_updated")).isEqualTo(1);
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));

        IndexablePage after = store.document(doc).orElseThrow();
        Set<String> changed = embedTexts(after);
        changed.removeAll(embedTexts(before));
        int chunks = chunker().chunk(after.title(), after.content(), after.headings()).size();
        assertThat(changed).hasSizeBetween(1, chunks - 1);

        // indexing starts with the crawl's first stored page, so the refresh may have queued a second (empty) job
        List<String> newJobs = ragJobIds(sourceId).stream().filter(id -> !ragJobsBefore.contains(id)).toList();
        assertThat(newJobs).hasSizeBetween(1, 2);
        int documents = 0;
        int indexedChunks = 0;
        int embedded = 0;
        int reused = 0;
        for (String job : newJobs) {
            JsonPath result = given().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
            assertThat(result.getString("status")).isEqualTo("completed");
            documents += result.getInt("result.documents_indexed");
            indexedChunks += result.getInt("result.chunks_indexed");
            embedded += result.getInt("result.chunks_embedded");
            reused += result.getInt("result.chunks_reused");
        }
        assertThat(documents).isEqualTo(1);
        assertThat(indexedChunks).isEqualTo(chunks);
        assertThat(embedded).isEqualTo(changed.size());
        assertThat(reused).isEqualTo(chunks - changed.size());

        // the edited text is found
        for (String type : List.of("keyword", "hybrid")) {
            List<String> hits = given().contentType("application/json")
                    .body(Map.of("query", "zephyrquill", "search_type", type, "limit", 3, "filters", Map.of("source_ids", List.of(sourceId))))
                    .post("/api/v1/search").then().statusCode(200).extract().jsonPath().getList("results.document_id");
            assertThat(hits).as(type).containsExactly(doc.toString());
        }
    }

    @Test
    void a_rebuild_that_changes_no_embedded_text_embeds_nothing() throws Exception {
        String word = "quirkmantle" + UUID.randomUUID().toString().substring(0, 6);
        String sourceId = crawlAndIndex(site(word), "Rebuild handbook");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));

        JsonPath rebuild = given().contentType("application/json").post("/api/v1/index/rebuild").then().statusCode(202)
                .extract().jsonPath();
        List<String> jobIds = rebuild.getList("job_ids");
        // every source is indexed again: wait for all of them, so that no test after this one sees the index half-built
        for (String id : jobIds) {
            TestSites.awaitJob(id, Duration.ofSeconds(300));
        }
        JsonPath mine = jobIds.stream().map(id -> given().get("/api/v1/jobs/" + id).then().extract().jsonPath())
                .filter(j -> sourceId.equals(j.getString("source_id"))).findFirst().orElseThrow();

        assertThat(mine.getString("status")).isEqualTo("completed");
        assertThat(mine.getInt("result.documents_indexed")).isEqualTo(4);
        assertThat(mine.getInt("result.chunks_indexed")).isPositive();
        assertThat(mine.getInt("result.chunks_embedded")).isZero();
        assertThat(mine.getInt("result.chunks_reused")).isEqualTo(mine.getInt("result.chunks_indexed"));
        // the reused vectors serve searches as before
        List<String> hits = given().contentType("application/json")
                .body(Map.of("query", "how many idle connections does the pool keep", "search_type", "semantic", "limit", 10,
                        "filters", Map.of("source_ids", List.of(sourceId))))
                .post("/api/v1/search").then().statusCode(200).extract().jsonPath().getList("results.url");
        assertThat(hits).hasSizeGreaterThanOrEqualTo(3);
    }

    /** A handbook of three pages, each with sections long enough to be chunks of their own, all naming {@code word}. */
    private static Path site(String word) throws Exception {
        Path root = Files.createTempDirectory("kh-reuse-site");
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            links.append("<li><a href=\"p").append(i).append(".html\">Part ").append(i).append("</a></li>");
            StringBuilder body = new StringBuilder();
            String[] sections = {"Connections", "Memory", "Logging"};
            for (int s = 0; s < sections.length; s++) {
                body.append("<h2 id=\"s").append(s).append("\">").append(sections[s]).append(" of ").append(word).append("</h2>");
                body.append("<p>The ").append(word).append(' ').append(i).append(s == 0 ? " pool keeps idle connections" : " setting " + s)
                        .append(" open for reuse, so that a new request does not pay for a handshake; the limit applies per server ")
                        .append("and a request beyond it waits until a connection is returned or its timeout expires.</p>");
                body.append("<p>Administrators size it from the number of worker threads and the memory each connection holds; ")
                        .append("section ").append(s).append(" of part ").append(i).append(" lists the defaults and how to change ")
                        .append("them at runtime without a restart of the service or a reload of its configuration.</p>");
            }
            write(root.resolve("docs/p" + i + ".html"), page(word + " part " + i, body.toString()));
        }
        write(root.resolve("docs/index.html"), page(word + " handbook", "<p>Start reading the " + word + " handbook here.</p><ul>"
                + links + "</ul>"));
        return root;
    }

    private static String crawlAndIndex(Path root, String name) throws Exception {
        FixtureSiteServer server = FixtureSiteServer.serve(root);
        SITES.add(server);
        Response created = createSource(uniqueName(name), server.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0));
        created.then().statusCode(201);
        String sourceId = created.path("id");
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(60));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        return sourceId;
    }

    private Chunker chunker() {
        return config.chunker(embedder);
    }

    private Set<String> embedTexts(IndexablePage d) {
        Set<String> texts = new HashSet<>();
        for (Chunk c : chunker().chunk(d.title(), d.content(), d.headings())) {
            texts.add(c.embedText());
        }
        return texts;
    }

    private UUID documentAt(String sourceId, String file) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select d.id from Document d where d.sourceId = :s and d.url like :u", UUID.class)
                .setParameter("s", UUID.fromString(sourceId)).setParameter("u", "%/" + file).getSingleResult());
    }

    private static Set<String> ragJobIds(String sourceId) {
        return new HashSet<>(given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&limit=100").then().statusCode(200)
                .extract().jsonPath().getList("jobs.id"));
    }
}
