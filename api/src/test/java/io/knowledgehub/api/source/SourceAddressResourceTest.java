package io.knowledgehub.api.source;

import io.knowledgehub.api.TestSites;
import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.knowledgehub.api.TestSites.awaitJob;
import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The test profile opens 127.0.0.1/32 to the crawler and nothing else: a site on 127.0.0.2 stands for an internal
 * service, and must not be registered as a source nor reached by a crawl.
 */
@QuarkusTest
class SourceAddressResourceTest {

    private static FixtureSiteServer site;
    private static FixtureSiteServer internal;

    @BeforeAll
    static void serve() throws Exception {
        site = TestSites.docsSite(1);
        Path dir = Files.createTempDirectory("kh-internal");
        TestSites.write(dir.resolve("docs/index.html"), TestSites.page("Internal", "<p>secret</p>"));
        internal = FixtureSiteServer.serve(dir, InetAddress.getByName("127.0.0.2"));
    }

    @AfterAll
    static void stop() {
        site.close();
        internal.close();
    }

    @Test
    void a_base_url_on_a_refused_address_is_a_400_naming_the_address_class_and_the_setting() {
        createSource(uniqueName("Internal"), internal.uri("docs/").toString(), Map.of()).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("base_url"))
                .body("detail", allOf(containsString("resolves to 127.0.0.2, a loopback address"),
                        containsString("KH_CRAWLER_ALLOWED_NETWORKS"), containsString("127.0.0.0/8")));

        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void obfuscated_and_ipv6_forms_of_a_refused_address_are_refused_too() {
        int port = internal.port();
        for (String host : new String[] {"0177.0.0.2", "2130706434", "[::ffff:127.0.0.2]", "[::1]", "[::]"}) {
            createSource(uniqueName("Obfuscated"), "http://" + host + ":" + port + "/docs/", Map.of()).then()
                    .statusCode(400).body("field", equalTo("base_url")).body("detail", containsString("KH_CRAWLER_ALLOWED_NETWORKS"));
        }

        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void patching_the_base_url_to_a_refused_address_is_a_400_and_changes_nothing() throws Exception {
        String base = site.uri("docs/index.html").toString();
        Response created = createSource(uniqueName("Moving"), base, Map.of("crawl_delay", 0));
        created.then().statusCode(201);
        String id = created.path("id");
        awaitJob(created.path("job_id"), Duration.ofSeconds(30));

        given().contentType("application/json").body(Map.of("base_url", internal.uri("docs/").toString()))
                .patch("/api/v1/sources/" + id).then().statusCode(400).body("field", equalTo("base_url"))
                .body("detail", containsString("a loopback address"));
        given().get("/api/v1/sources/" + id).then().statusCode(200).body("base_url", equalTo(base));
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void a_crawl_counts_a_redirect_to_a_refused_address_in_pages_denied_and_never_follows_it() throws Exception {
        site.route("/docs/moved.html", FixtureSiteServer.redirect(302, internal.uri("docs/index.html").toString()));
        Response created = createSource(uniqueName("Redirecting"), site.uri("docs/moved.html").toString(),
                Map.of("crawl_delay", 0, "follow_patterns", java.util.List.of("/docs/**")));
        created.then().statusCode(201);

        Response job = awaitJob(created.path("job_id"), Duration.ofSeconds(30));

        // the base URL gave nothing else: the crawl failed, and says where the redirect went
        job.then().body("status", equalTo("failed")).body("result.pages_denied", equalTo(1))
                .body("result.pages_skipped", equalTo(1))
                .body("error_message", allOf(startsWith("The base URL " + site.uri("docs/moved.html")
                        + " could not be crawled: redirect to " + internal.uri("docs/") + " refused: "),
                        containsString("KH_CRAWLER_ALLOWED_NETWORKS")));
        assertThat(internal.requests()).isEmpty();
    }
}
