package io.knowledgehub.api.nochromium;

import io.knowledgehub.testkit.FixtureSiteServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static io.knowledgehub.api.TestSites.createSource;
import static io.knowledgehub.api.TestSites.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** render_js is refused up front where Chromium is missing, saying what to install or set; the rest still works. */
@QuarkusTest
@TestProfile(WithoutChromium.class)
class RenderJsWithoutChromiumResourceTest {

    @Test
    void render_js_without_chromium_is_a_400_saying_what_to_install() throws Exception {
        try (FixtureSiteServer site = FixtureSiteServer.serve(Files.createTempDirectory("kh-no-chromium"))) {
            String base = site.uri("docs/").toString();
            createSource(uniqueName("Rendered"), base, Map.of("render_js", true)).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("config.render_js"))
                    .body("detail", equalTo("render_js needs Chromium; install the chromium package or set "
                            + "KH_CRAWLER_CHROMIUM_PATH (no executable at " + WithoutChromium.MISSING + ")."));

            String id = createSource(uniqueName("Plain"), base, Map.of("crawl_delay", 0)).then().statusCode(201)
                    .extract().path("id");
            given().contentType("application/json").body(Map.of("config", Map.of("render_js", true)))
                    .patch("/api/v1/sources/" + id).then().statusCode(400).body("field", equalTo("config.render_js"));
        }
    }
}
