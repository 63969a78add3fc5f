package io.knowledgehub.api.search;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Crawls and indexes a small documentation site with the real model, then searches it every way. */
@QuarkusTest
class SearchResourceTest {

    private static FixtureSiteServer site;
    private static String sourceId;
    private static String sourceName;

    /** Once per class, but after the app started (a static @BeforeAll runs before it listens). */
    @BeforeEach
    void crawlAndIndex() throws Exception {
        if (site != null) {
            return;
        }
        site = FixtureSiteServer.serve(writeSite());
        sourceName = uniqueName("Database guide");
        Response created = createSource(sourceName, site.baseUri().resolve("/guide/index.html").toString(), Map.of("crawl_delay", 0));
        sourceId = created.path("id");
        TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static Path writeSite() throws IOException {
        Path root = Files.createTempDirectory("kh-search-site");
        TestSites.write(root.resolve("guide/index.html"), TestSites.page("Database guide",
                "<p>Topics: <a href=\"pooling.html\">pooling</a>, <a href=\"backup.html\">backup</a>, "
                        + "<a href=\"vacuum.html\">vacuum</a>, <a href=\"settings.html\">settings</a>.</p>"));
        TestSites.write(root.resolve("guide/pooling.html"), TestSites.page("Connection pooling",
                "<h2 id=\"why\">Why pool connections</h2><p>Opening a database connection is expensive. A connection pool keeps "
                        + "a set of open connections that application threads borrow and return, which cuts latency.</p>"
                        + "<h2 id=\"size\">Sizing the pool</h2><p>Set max_pool_size to roughly twice the number of CPU cores. "
                        + "Too many connections waste memory on the server.</p>"));
        TestSites.write(root.resolve("guide/backup.html"), TestSites.page("Backup and restore",
                "<h2 id=\"dump\">Logical backups with pg_dump</h2><p>The pg_dump tool writes a consistent snapshot of one "
                        + "database to a script or archive file, which pg_restore loads again.</p>"
                        + "<h2 id=\"pitr\">Point-in-time recovery</h2><p>Continuous archiving of the write-ahead log lets you "
                        + "restore the cluster to any moment after a base backup.</p>"));
        TestSites.write(root.resolve("guide/vacuum.html"), TestSites.page("Routine vacuuming",
                "<h2 id=\"dead\">Dead tuples</h2><p>Updates and deletes leave dead row versions behind. VACUUM reclaims "
                        + "their space so tables do not bloat, and autovacuum runs it automatically.</p>"));
        // a settings reference: short anchored definitions, which the chunker joins into one chunk
        TestSites.write(root.resolve("guide/settings.html"), TestSites.page("Search settings",
                "<h2 id=\"replication\">Result settings</h2><dl>"
                        + "<dt id=\"opt-snippet-words\"><code>snippet_words</code> (integer)</dt>"
                        + "<dd><p>How many words of the matching text a search result shows around the highlighted terms.</p></dd>"
                        + "<dt id=\"opt-answer-ttl\"><code>answer_ttl</code> (seconds)</dt>"
                        + "<dd><p>How long a search answer is reused before the index is asked again.</p></dd>"
                        + "</dl>"));
        return root;
    }

    private static Response search(Map<String, Object> body) {
        return given().contentType("application/json").body(body).post("/api/v1/search");
    }

    private static Map<String, Object> query(String q, String type) {
        return Map.of("query", q, "search_type", type, "limit", 10, "filters", Map.of("source_ids", List.of(sourceId)));
    }

    @Test
    void indexing_job_chunked_and_embedded_every_page() {
        Response rag = given().get("/api/v1/jobs?source_id=" + sourceId + "&type=rag&status=completed");
        rag.then().body("total", greaterThan(0));
        int indexed = 0;
        for (Object n : rag.<List<Object>>path("jobs.result.documents_indexed")) {
            indexed += (Integer) n;
        }
        assertThat(indexed).isEqualTo(5);
        String docId = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.title == 'Connection pooling' }.id");
        given().get("/api/v1/documents/" + docId + "/chunks").then().statusCode(200)
                .body("total", greaterThan(0)).body("chunks[0].content", containsString("connection"))
                .body("chunks.token_count", everyItem(lessThanOrEqualTo(256)));
        given().get("/api/v1/documents/" + docId).then().body("index_status", equalTo("indexed"));
    }

    @Test
    void keyword_search_finds_the_page_with_highlighted_snippet_and_section_anchor() {
        Response r = search(query("pg_dump", "keyword"));
        r.then().statusCode(200).body("search_type", equalTo("keyword")).body("query", equalTo("pg_dump"))
                .body("results[0].title", equalTo("Backup and restore"))
                .body("results[0].source", equalTo(sourceName))
                .body("results[0].source_id", equalTo(sourceId))
                .body("results[0].url", containsString("backup.html#dump"))
                .body("results[0].snippet", containsString("<mark>pg_dump</mark>"))
                .body("results[0].score", greaterThan(0.5f))
                .body("took_ms", greaterThan(-1));
        assertThat(r.<Float>path("results[0].score")).isLessThanOrEqualTo(1.0f);
    }

    @Test
    void a_result_links_to_the_definition_it_matched_inside_a_chunk_of_several() {
        String docId = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.title == 'Search settings' }.id");
        given().get("/api/v1/documents/" + docId + "/chunks").then().statusCode(200)
                .body("total", equalTo(1))
                .body("chunks[0].content", containsString("### snippet_words (integer)"))
                .body("chunks[0].content", containsString("### answer_ttl (seconds)"));

        for (String type : List.of("keyword", "semantic", "hybrid")) {
            search(query("answer_ttl", type)).then().statusCode(200)
                    .body("results[0].title", equalTo("Search settings"))
                    .body("results[0].url", endsWith("settings.html#opt-answer-ttl"));
        }
        search(query("snippet_words", "keyword")).then()
                .body("results[0].url", endsWith("settings.html#opt-snippet-words"));
    }

    @Test
    void results_unrelated_to_the_query_are_left_out_instead_of_padding_the_list() {
        for (String type : List.of("semantic", "hybrid")) {
            Response r = search(query("banana smoothie recipe with tropical fruit", type));
            r.then().statusCode(200).body("total", equalTo(0)).body("results", hasSize(0));
        }
        // a real question still finds its page, with a score above the cut-off
        Response ok = search(query("backing up and restoring", "hybrid"));
        assertThat(titles(ok)).contains("Backup and restore");
        assertThat(ok.<List<Float>>path("results.score")).allMatch(score -> score >= 0.01f);
    }

    @Test
    void semantic_search_finds_a_paraphrase_without_shared_words() {
        search(query("reclaim storage from obsolete rows", "semantic")).then().statusCode(200)
                .body("results[0].title", equalTo("Routine vacuuming"));
        search(query("how many simultaneous links to the server should my app keep", "semantic")).then()
                .body("results[0].title", equalTo("Connection pooling"));
    }

    @Test
    void hybrid_is_the_default_and_returns_one_result_per_page() {
        Response r = given().contentType("application/json").body(Map.of("query", "backup restore archive",
                "filters", Map.of("source_ids", List.of(sourceId)))).post("/api/v1/search");
        r.then().statusCode(200).body("search_type", equalTo("hybrid")).body("results[0].title", equalTo("Backup and restore"));
        List<String> docs = r.path("results.document_id");
        assertThat(docs).doesNotHaveDuplicates();
        Response raw = search(Map.of("query", "backup restore archive", "raw_chunks", true, "filters", Map.of("source_ids", List.of(sourceId))));
        assertThat(raw.<List<String>>path("results.id")).hasSizeGreaterThanOrEqualTo(docs.size());
    }

    @Test
    void query_language_constrains_every_search_type() {
        for (String type : List.of("keyword", "semantic", "hybrid")) {
            assertThat(titles(search(query("\"connection pool\"", type)))).as(type).containsExactly("Connection pooling");
            assertThat(titles(search(query("database -pooling", type)))).as(type).doesNotContain("Connection pooling");
            assertThat(titles(search(query("+autovacuum tables", type)))).as(type).containsExactly("Routine vacuuming");
            assertThat(titles(search(query("restor*", type)))).as(type).containsExactly("Backup and restore");
        }
    }

    @Test
    void the_query_string_form_names_its_own_parameters_and_refuses_the_bodys_names() {
        given().get("/api/v1/search?q=x&search_type=keyword").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("search_type")).body("detail", containsString("in the query string it is type"));
        given().get("/api/v1/search?query=x").then().statusCode(400).body("field", equalTo("query"))
                .body("detail", containsString("in the query string it is q"));
        given().get("/api/v1/search?q=x&source_ids=123e4567-e89b-12d3-a456-426614174000").then().statusCode(400)
                .body("field", equalTo("source_ids")).body("detail", containsString("source_id"));
        given().get("/api/v1/search?q=x&type=fuzzy").then().statusCode(400).body("field", equalTo("type"))
                .body("detail", startsWith("type must be one of"));
        given().get("/api/v1/search?type=keyword").then().statusCode(400).body("field", equalTo("q"));
        given().get("/api/v1/search?q=x&type=keyword&_=1700000000").then().statusCode(200).body("search_type", equalTo("keyword"));
    }

    @Test
    void malformed_query_is_a_400_saying_where() {
        search(query("pool \"unclosed", "hybrid")).then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("query")).body("detail", containsString("position 6"));
        search(Map.of("query", "x", "search_type", "fuzzy")).then().statusCode(400).body("field", equalTo("search_type"));
        search(Map.of("query", "x", "filters", Map.of("date_from", "yesterday"))).then().statusCode(400)
                .body("field", equalTo("filters.date_from"));
    }

    @Test
    void filters_restrict_sources_and_dates() {
        search(Map.of("query", "vacuum", "filters", Map.of("source_ids", List.of("123e4567-e89b-12d3-a456-426614174000"))))
                .then().statusCode(200).body("results", hasSize(0)).body("total", equalTo(0));
        search(Map.of("query", "vacuum", "filters", Map.of("source_ids", List.of(sourceId), "date_to", "2000-01-01")))
                .then().body("results", hasSize(0));
        search(Map.of("query", "vacuum", "filters", Map.of("source_ids", List.of(sourceId), "date_from", "2000-01-01",
                "content_types", List.of("text/html")))).then().body("results[0].title", equalTo("Routine vacuuming"));
    }

    @Test
    void the_same_query_gets_the_same_scores_and_the_cache_answers_it() {
        Map<String, Object> q = query("connection latency", "hybrid");
        List<Float> first = search(q).path("results.score");
        double hitsBefore = cacheHits();
        List<Float> second = search(q).path("results.score");
        assertThat(second).isEqualTo(first);
        assertThat(cacheHits()).isGreaterThan(hitsBefore);
        given().queryParam("q", "connection latency").queryParam("source_id", sourceId).get("/api/v1/search").then().statusCode(200)
                .body("results.score", equalTo(first));
    }

    @Test
    void searches_waiting_for_a_turn_are_on_metrics() {
        search(query("vacuum settings", "keyword"));
        String metrics = given().get("/metrics").asString();
        // nothing waits once the search has answered (twice the processors work at once by default)
        assertThat(metrics.lines().filter(l -> l.startsWith("search_waiting ")).toList()).containsExactly("search_waiting 0.0");
    }

    @Test
    void embeddings_and_models_endpoints() {
        given().get("/api/v1/models").then().statusCode(200).body("active_model", equalTo("all-MiniLM-L6-v2"))
                .body("available_models", org.hamcrest.Matchers.hasItems("all-MiniLM-L6-v2", "bge-small-en-v1.5"));
        given().contentType("application/json").body(Map.of("texts", List.of("How to install", "Setting up"),
                        "model_name", "sentence-transformers/all-MiniLM-L6-v2"))
                .post("/api/v1/embeddings").then().statusCode(200).body("dimensions", equalTo(384))
                .body("embeddings", hasSize(2)).body("embeddings[0]", hasSize(384)).body("model_name", equalTo("all-MiniLM-L6-v2"));
        given().contentType("application/json").body(Map.of("texts", List.of("x"), "model_name", "microsoft/codebert-base"))
                .post("/api/v1/embeddings").then().statusCode(400).body("field", equalTo("model_name"));
    }

    @Test
    void a_chunk_with_its_own_embedding_is_stored_searchable_and_checked() {
        String docId = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=10")
                .path("documents.find { it.title == 'Routine vacuuming' }.id");
        List<Float> vector = given().contentType("application/json")
                .body(Map.of("texts", List.of("Freezing old transaction ids prevents wraparound.")))
                .post("/api/v1/embeddings").path("embeddings[0]");
        given().contentType("application/json").body(Map.of("document_id", docId, "chunk_index", 90,
                        "content", "Freezing old transaction ids prevents wraparound.", "embedding", vector,
                        "metadata", Map.of("model_name", "sentence-transformers/all-MiniLM-L6-v2", "chunk_type", "semantic")))
                .post("/api/v1/chunks").then().statusCode(201).body("chunk_index", equalTo(90));
        search(query("wraparound", "keyword")).then().body("results[0].title", equalTo("Routine vacuuming"));

        List<Float> wrong = new ArrayList<>(vector.subList(0, 100));
        given().contentType("application/json").body(Map.of("document_id", docId, "chunk_index", 91, "content", "x", "embedding", wrong))
                .post("/api/v1/chunks").then().statusCode(400).body("field", equalTo("embedding"))
                .body("detail", containsString("384"));
    }

    @Test
    void deleting_a_source_removes_its_index_entries() throws Exception {
        FixtureSiteServer other = FixtureSiteServer.serve(writeSite());
        try {
            Response created = createSource(uniqueName("Doomed"), other.baseUri().resolve("/guide/index.html").toString(), Map.of("crawl_delay", 0));
            String id = created.path("id");
            TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
            TestSites.awaitIdle(id, Duration.ofSeconds(120));
            Map<String, Object> q = Map.of("query", "pg_dump", "search_type", "keyword", "filters", Map.of("source_ids", List.of(id)));
            search(q).then().body("results", hasSize(1));
            given().delete("/api/v1/sources/" + id).then().statusCode(204);
            search(q).then().body("results", hasSize(0));
        } finally {
            other.close();
        }
    }

    private static List<String> titles(Response r) {
        r.then().statusCode(200);
        return r.path("results.title");
    }

    private static double cacheHits() {
        String metrics = given().get("/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("search_cache_hits_total")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(0);
    }
}
