package io.knowledgehub.api.source;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.knowledgehub.api.TestSites.awaitIdle;
import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SourceResourceTest {

    private static FixtureSiteServer site;

    @BeforeAll
    static void serve() {
        site = TestSites.docsSite(5);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static String docsUrl() {
        return site.baseUri().resolve("/docs/index.html").toString();
    }

    @Test
    void creates_source_and_crawls_it() throws Exception {
        String name = uniqueName("Guide");
        Response created = createSource(name, docsUrl(), Map.of("max_depth", 2, "max_pages", 50, "crawl_delay", 0));
        created.then().statusCode(201).body("id", notNullValue()).body("name", equalTo(name))
                .body("status", equalTo("active")).body("job_id", notNullValue())
                .body("config.max_depth", equalTo(2)).body("config.crawl_delay", equalTo(0.0f));
        String id = created.path("id");

        Response job = awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        job.then().body("status", equalTo("completed")).body("type", equalTo("crawl")).body("progress", equalTo(100))
                .body("result.pages_new", equalTo(6)).body("result.pages_checked", equalTo(6))
                .body("result.pages_processed", equalTo(6)).body("result.efficiency", equalTo(0.0f));
        TestSites.awaitIdle(id, Duration.ofSeconds(60));

        given().get("/api/v1/sources/" + id).then().statusCode(200)
                .body("stats.documents", equalTo(6)).body("stats.chunks", greaterThanOrEqualTo(6))
                .body("stats.last_job_status", equalTo("completed"))
                .body("last_crawl_at", notNullValue());
        given().get("/api/v1/sources?limit=1000").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1)).body("sources.find { it.id == '" + id + "' }.name", equalTo(name));
    }

    @Test
    void rejects_invalid_sources_with_problem_details() {
        createSource("", docsUrl(), Map.of()).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("name"));
        createSource(uniqueName("Bad url"), "ftp://example.com/docs", Map.of()).then().statusCode(400)
                .body("field", equalTo("base_url")).body("detail", containsString("http"));
        createSource(uniqueName("Relative"), "/docs/", Map.of()).then().statusCode(400).body("field", equalTo("base_url"));
        createSource(uniqueName("Unknown key"), docsUrl(), Map.of("max_dept", 3)).then().statusCode(400)
                .body("detail", containsString("config.max_dept"));
        createSource(uniqueName("Bad glob"), docsUrl(), Map.of("follow_patterns", List.of("/docs/***"))).then().statusCode(400)
                .body("detail", containsString("/docs/***"));
        createSource(uniqueName("Bad regex"), docsUrl(), Map.of("content_cleaning", Map.of("remove_patterns", List.of("(unclosed"))))
                .then().statusCode(400).body("detail", containsString("(unclosed"));
        createSource(uniqueName("Bad type"), docsUrl(), Map.of("max_pages", "many")).then().statusCode(400)
                .body("field", equalTo("config.max_pages"));
        given().contentType("application/json").body("{\"name\": \"x\", \"base_url\": ").post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("not valid JSON"));
        given().contentType("application/json").body(Map.of("name", "x", "base_url", docsUrl(), "colour", "red"))
                .post("/api/v1/sources").then().statusCode(400).body("detail", containsString("colour"));
    }

    @Test
    void crawl_limits_are_validated_and_shown_in_seconds_and_bytes() throws Exception {
        createSource(uniqueName("Bad deadline"), docsUrl(), Map.of("max_duration", "half an hour")).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("config.max_duration"))
                .body("detail", equalTo("config.max_duration must be a whole number of seconds from 1 to 2592000 or an "
                        + "ISO-8601 duration such as \"PT30M\" or \"PT2H\", not \"half an hour\""));
        createSource(uniqueName("Zero deadline"), docsUrl(), Map.of("max_duration", 0)).then().statusCode(400)
                .body("field", equalTo("config.max_duration"));
        createSource(uniqueName("Bad bytes"), docsUrl(), Map.of("max_total_bytes", "10MB")).then().statusCode(400)
                .body("field", equalTo("config.max_total_bytes"));

        Response created = createSource(uniqueName("Limited"), docsUrl(),
                Map.of("crawl_delay", 0, "max_duration", "PT30M", "max_total_bytes", 50_000_000));
        created.then().statusCode(201).body("config.max_duration", equalTo(1800))
                .body("config.max_total_bytes", equalTo(50_000_000));
        String id = created.path("id");
        awaitIdle(id, Duration.ofSeconds(60));
        given().contentType("application/json").body(Map.of("config", java.util.Collections.singletonMap("max_duration", null)))
                .patch("/api/v1/sources/" + id).then().statusCode(200).body("config.max_duration", nullValue())
                .body("config.max_total_bytes", equalTo(50_000_000));
    }

    @Test
    void rejects_duplicate_name() throws Exception {
        String name = uniqueName("Twice");
        Response first = createSource(name, docsUrl(), Map.of("crawl_delay", 0));
        first.then().statusCode(201);
        // the problem names the field, so that the web UI shows it next to the Name field
        createSource(name, docsUrl(), Map.of()).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(name)).body("field", org.hamcrest.Matchers.equalTo("name"));
        awaitJob(first.path("job_id"), Duration.ofSeconds(30));
    }

    @Test
    void patch_merges_config_and_validates_it() throws Exception {
        Response created = createSource(uniqueName("Patch"), docsUrl(), Map.of("max_depth", 2, "crawl_delay", 0,
                "content_extraction", Map.of("exclude_selectors", List.of(".ad"))));
        String id = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));

        given().contentType("application/json").body(Map.of("config", Map.of("crawl_delay", 2.0)))
                .patch("/api/v1/sources/" + id).then().statusCode(200)
                .body("config.crawl_delay", equalTo(2.0f)).body("config.max_depth", equalTo(2))
                .body("config.content_extraction.exclude_selectors[0]", equalTo(".ad"));
        given().contentType("application/json").body(Map.of("config", Map.of("max_depth", -1)))
                .patch("/api/v1/sources/" + id).then().statusCode(400).body("field", equalTo("config.max_depth"));
        given().contentType("application/json").body(Map.of("status", "paused"))
                .patch("/api/v1/sources/" + id).then().statusCode(200).body("status", equalTo("paused"));
        given().get("/api/v1/sources/" + id).then().body("config.crawl_delay", equalTo(2.0f));
    }

    @Test
    void patch_with_null_removes_the_description_and_refuses_to_remove_a_required_field() throws Exception {
        String name = uniqueName("Described");
        Response created = given().contentType("application/json").body(Map.of("name", name, "description", "Team docs",
                "base_url", docsUrl(), "config", Map.of("crawl_delay", 0))).post("/api/v1/sources");
        created.then().statusCode(201).body("description", equalTo("Team docs"));
        String id = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));

        // a field left out stays as it is
        given().contentType("application/json").body("{\"status\": \"paused\"}").patch("/api/v1/sources/" + id).then()
                .statusCode(200).body("description", equalTo("Team docs"));
        for (String required : List.of("name", "base_url", "status")) {
            given().contentType("application/json").body("{\"" + required + "\": null}").patch("/api/v1/sources/" + id).then()
                    .statusCode(400).body("field", equalTo(required)).body("detail", containsString("cannot be removed"));
        }
        given().contentType("application/json").body("[\"description\"]").patch("/api/v1/sources/" + id).then()
                .statusCode(400).body("detail", containsString("JSON object"));
        given().contentType("application/json").body("{\"description\": null}").patch("/api/v1/sources/" + id).then()
                .statusCode(200).body("description", nullValue()).body("name", equalTo(name)).body("status", equalTo("paused"));
        given().get("/api/v1/sources/" + id).then().body("description", nullValue());
        // an emptied field, as the web UI's edit form sends it, is no description either
        given().contentType("application/json").body("{\"description\": \"Again\"}").patch("/api/v1/sources/" + id).then()
                .statusCode(200).body("description", equalTo("Again"));
        given().contentType("application/json").body("{\"description\": \"  \"}").patch("/api/v1/sources/" + id).then()
                .statusCode(200).body("description", nullValue());
    }

    @Test
    void refresh_starts_an_incremental_crawl_that_finds_nothing_changed() throws Exception {
        Response created = createSource(uniqueName("Refresh"), docsUrl(), Map.of("crawl_delay", 0));
        String id = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("completed"));

        // no body at all, as the bulk-management script sends it
        Response refresh = given().contentType("application/json").post("/api/v1/sources/" + id + "/refresh");
        refresh.then().statusCode(200).body("job_id", notNullValue()).body("force_refresh", equalTo(false));
        awaitJob(refresh.path("job_id"), Duration.ofSeconds(30)).then().body("status", equalTo("completed"))
                .body("result.pages_checked", equalTo(6)).body("result.pages_unchanged", equalTo(6))
                .body("result.pages_processed", equalTo(0)).body("result.efficiency", equalTo(100.0f));

        Response forced = given().contentType("application/json").body(Map.of("force_refresh", true))
                .post("/api/v1/sources/" + id + "/refresh");
        forced.then().statusCode(200).body("force_refresh", equalTo(true));
        awaitJob(forced.path("job_id"), Duration.ofSeconds(30)).then().body("result.pages_updated", equalTo(6))
                .body("result.pages_unchanged", equalTo(0));

        given().get("/api/v1/jobs?source_id=" + id + "&type=crawl&limit=5").then().statusCode(200)
                .body("total", equalTo(3)).body("jobs[0].id", equalTo(forced.path("job_id")));
    }

    @Test
    void refresh_all_returns_a_job_for_every_active_source_and_none_for_a_paused_one() throws Exception {
        Response created = createSource(uniqueName("All"), docsUrl(), Map.of("crawl_delay", 0));
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));
        Response paused = createSource(uniqueName("Paused"), docsUrl(), Map.of("crawl_delay", 0));
        awaitJob(paused.path("job_id"), Duration.ofSeconds(30));
        given().contentType("application/json").body(Map.of("status", "paused"))
                .patch("/api/v1/sources/" + paused.path("id")).then().statusCode(200).body("status", equalTo("paused"));

        Response all = given().contentType("application/json").body(Map.of("force_refresh", false))
                .post("/api/v1/sources/refresh-all");
        all.then().statusCode(200);
        List<String> jobIds = all.path("job_ids");
        assertThat(jobIds).isNotEmpty().hasSize(all.<Integer>path("total"));
        List<String> refreshed = new java.util.ArrayList<>();
        for (String jobId : jobIds) {
            refreshed.add(awaitJob(jobId, Duration.ofSeconds(60)).path("source_id"));
        }
        assertThat(refreshed).contains(created.<String>path("id")).doesNotContain(paused.<String>path("id"));
    }

    @Test
    void delete_removes_the_source_with_its_documents_and_jobs() throws Exception {
        Response created = createSource(uniqueName("Delete"), docsUrl(), Map.of("crawl_delay", 0));
        String id = created.path("id");
        String jobId = created.path("job_id");
        awaitJob(jobId, Duration.ofSeconds(30));
        given().get("/api/v1/documents/?source_id=" + id).then().body("total", equalTo(6));
        String docId = given().get("/api/v1/documents/?source_id=" + id).path("documents[0].id");

        given().delete("/api/v1/sources/" + id).then().statusCode(204);

        given().get("/api/v1/sources/" + id).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/documents/?source_id=" + id).then().body("total", equalTo(0));
        given().get("/api/v1/documents/" + docId).then().statusCode(404);
        given().get("/api/v1/jobs/" + jobId).then().statusCode(404);
        given().delete("/api/v1/sources/" + id).then().statusCode(404);
    }

    @Test
    void unknown_ids_are_404_problems() {
        given().get("/api/v1/sources/123e4567-e89b-12d3-a456-426614174000").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No source"));
        given().get("/api/v1/sources/not-an-id").then().statusCode(404);
        given().contentType("application/json").post("/api/v1/sources/123e4567-e89b-12d3-a456-426614174000/refresh").then().statusCode(404);
        given().get("/api/v1/sources?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    }
}
