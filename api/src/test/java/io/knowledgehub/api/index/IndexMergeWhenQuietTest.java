package io.knowledgehub.api.index;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app merges its index's segments into one once nothing has been written for {@code kh.indexer.merge-after-idle},
 * reports them on {@code GET /api/v1/index}, and searches find the same chunks afterwards.
 */
@QuarkusTest
@TestProfile(IndexMergeWhenQuietTest.QuickMerge.class)
class IndexMergeWhenQuietTest {

    public static class QuickMerge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:indexmerge;DB_CLOSE_DELAY=-1",
                    "kh.data-dir", "target/index-merge-test-data/" + System.nanoTime(),
                    // a page a batch, and so a segment a page, until the quiet second
                    "kh.indexer.batch-documents", "1",
                    "kh.indexer.merge-after-idle", "1s");
        }
    }

    private static FixtureSiteServer site;

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void the_segments_indexing_left_are_merged_into_one_when_quiet() throws InterruptedException {
        site = TestSites.docsSite(6);
        String sourceId = createSource(uniqueName("Merged"), site.baseUri().resolve("/docs/index.html").toString(),
                Map.of("crawl_delay", 0)).then().statusCode(201).extract().path("id");
        TestSites.awaitIdle(sourceId, Duration.ofSeconds(120));
        int chunks = given().get("/api/v1/index").then().statusCode(200).extract().path("chunks");
        assertThat(chunks).isGreaterThanOrEqualTo(7);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int segments = Integer.MAX_VALUE;
        while (segments > 1 && System.nanoTime() < deadline) {
            segments = given().get("/api/v1/index").then().statusCode(200).extract().path("segments");
            Thread.sleep(100);
        }
        assertThat(segments).as("segments 30 s after indexing ended").isEqualTo(1);
        assertThat(given().get("/api/v1/index").then().statusCode(200).extract().<Integer>path("chunks")).isEqualTo(chunks);
        for (String type : List.of("keyword", "semantic", "hybrid")) {
            List<String> titles = given().contentType("application/json")
                    .body(Map.of("query", "body text number 4", "search_type", type, "limit", 3,
                            "filters", Map.of("source_ids", List.of(sourceId))))
                    .post("/api/v1/search").then().statusCode(200).extract().path("results.title");
            assertThat(titles).as(type).contains("Page 4");
        }
    }
}
