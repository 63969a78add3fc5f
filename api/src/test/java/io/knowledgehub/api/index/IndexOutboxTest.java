package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.core.search.IndexOutboxRepository;
import io.knowledgehub.core.search.SearchIndex;
import io.knowledgehub.indexer.job.IndexOutboxDrainer;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

/**
 * The indexer is the search index's one writer: what the crawler and the api change reaches the index through the
 * index outbox, applied in this process at once.
 */
@QuarkusTest
class IndexOutboxTest {

    @Inject
    SearchIndex index;

    @Inject
    IndexOutboxRepository outbox;

    @Inject
    IndexOutboxDrainer drainer;

    @Test
    void a_page_a_crawl_finds_gone_leaves_search_at_once_and_the_index_within_a_second() throws Exception {
        Path root = Files.createTempDirectory("kh-outbox-site");
        TestSites.write(root.resolve("docs/index.html"), TestSites.page("Outbox guide",
                "<p>See <a href=\"kept.html\">kept</a> and <a href=\"gone.html\">gone</a>.</p>"));
        TestSites.write(root.resolve("docs/kept.html"), TestSites.page("Kept page", "<p>Numbats eat termites every day.</p>"));
        TestSites.write(root.resolve("docs/gone.html"), TestSites.page("Gone page", "<p>Quolls hunt at night in the forest.</p>"));
        try (FixtureSiteServer site = FixtureSiteServer.serve(root)) {
            Response created = createSource(uniqueName("Outbox"), site.baseUri().resolve("/docs/index.html").toString(),
                    Map.of("crawl_delay", 0));
            String sourceId = created.path("id");
            TestSites.awaitJob(created.path("job_id"), Duration.ofSeconds(30));
            TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
            Map<String, Object> quolls = Map.of("query", "quolls", "search_type", "keyword",
                    "filters", Map.of("source_ids", List.of(sourceId)));
            given().contentType("application/json").body(quolls).post("/api/v1/search").then().body("results", hasSize(1));
            UUID gone = documentOf(sourceId, "Gone page");
            assertThat(index.chunkIdsByDocument().orElseThrow()).containsKey(gone);

            Files.delete(root.resolve("docs/gone.html"));
            Response refresh = given().contentType("application/json").body(Map.of("force_refresh", true))
                    .post("/api/v1/sources/" + sourceId + "/refresh");
            TestSites.awaitJob(refresh.path("job_id"), Duration.ofSeconds(30));
            // the crawl is over: the page is gone from the database, so from search, whatever the index holds
            given().contentType("application/json").body(quolls).post("/api/v1/search").then().body("results", hasSize(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (index.chunkIdsByDocument().orElseThrow().containsKey(gone) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            UUID kept = documentOf(sourceId, "Kept page");
            UUID home = documentOf(sourceId, "Outbox guide");
            assertThat(index.chunkIdsByDocument().orElseThrow()).as("the gone page's entries left the index")
                    .doesNotContainKey(gone).containsKeys(kept, home);

            given().delete("/api/v1/sources/" + sourceId).then().statusCode(204);
            // with the indexer in this process the deletion is applied before the call returns
            Set<UUID> left = index.chunkIdsByDocument().orElseThrow().keySet();
            assertThat(left).doesNotContain(kept, home);
            assertThat(outbox.waiting()).isZero();
        }
    }

    @Test
    void entries_are_applied_in_order_once_and_removed_and_one_that_cannot_apply_does_not_block_the_rest() {
        UUID nowhere = UUID.randomUUID();
        long before = index.version();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.deleteDocuments(List.of(nowhere));
            // a chunk that was replaced or deleted since: nothing to index
            outbox.upsertChunk("no-such-chunk", new float[384]);
            outbox.deleteChunks(List.of("no-such-chunk"));
        });
        assertThat(outbox.waiting()).isGreaterThanOrEqualTo(3);
        drainer.drain();
        assertThat(outbox.waiting()).isZero();
        assertThat(drainer.drain()).as("nothing is applied twice").isZero();
        assertThat(index.version()).isGreaterThanOrEqualTo(before);
    }

    private static UUID documentOf(String sourceId, String title) {
        String id = given().get("/api/v1/documents?source_id=" + sourceId + "&limit=50")
                .path("documents.find { it.title == '" + title + "' }.id");
        return id == null ? null : UUID.fromString(id);
    }
}
