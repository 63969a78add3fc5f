package io.knowledgehub.api.docs;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API reference in the repository, {@code docs/openapi.yaml}, is the OpenAPI document the app serves at
 * {@code /openapi}: generated from the resources, never written by hand. When an endpoint changes, regenerate it with
 * {@code ./mvnw -pl api -am test -Dtest=OpenApiReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -DwriteOpenApiReference=true}.
 */
@QuarkusTest
class OpenApiReferenceTest {

    private static final Path REFERENCE = Path.of("../docs/openapi.yaml");

    @Test
    void the_committed_reference_is_the_document_the_app_serves() throws IOException {
        String served = given().accept("application/yaml").get("/openapi?format=yaml").then().statusCode(200).extract().asString();
        assertThat(served).contains("openapi:").contains("/api/v1/search").contains("/api/v1/sources");
        if (Boolean.getBoolean("writeOpenApiReference")) {
            Files.writeString(REFERENCE, served);
        }
        assertThat(Files.exists(REFERENCE)).as(REFERENCE.toAbsolutePath() + " exists").isTrue();
        assertThat(Files.readString(REFERENCE)).as("docs/openapi.yaml is out of date; regenerate it: " + "./mvnw -pl api -am test "
                + "-Dtest=OpenApiReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -DwriteOpenApiReference=true").isEqualTo(served);
    }
}
