package io.knowledgehub.api.embed;

import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbedderContract;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The HTTP embedder of cluster mode ({@code TRANSFORMERS_INFERENCE_API}) passes the port's contract against a real
 * t2v-transformers compatible server: this api, which serves {@code POST /vectors}, {@code GET /meta} and
 * {@code GET /.well-known/ready} from its in-process model.
 */
@QuarkusTest
class InferenceApiEmbedderContractTest extends EmbedderContract {

    /** The default precision's key: int8 products where this processor has VNNI (KH_EMBEDDINGS_PRECISION=auto). */
    private static final String AUTO_KEY = "all-MiniLM-L6-v2/384" + (io.knowledgehub.adapters.embeddings.EmbeddingModels.effectivePrecision(
            "all-MiniLM-L6-v2", io.knowledgehub.core.embed.EmbeddingPrecision.AUTO) == io.knowledgehub.core.embed.EmbeddingPrecision.INT8 ? "/int8" : "");

    @TestHTTPResource("/")
    URL root;

    @Override
    protected Embedder newEmbedder() {
        return new TransformersEmbedder(URI.create(root.toString()), ModelCatalog.descriptor("all-MiniLM-L6-v2"),
                ModelCatalog.tokenCounter("all-MiniLM-L6-v2"), Duration.ofSeconds(30), 4);
    }

    @Test
    void serves_the_t2v_transformers_api() {
        given().get("/.well-known/ready").then().statusCode(204);
        given().get("/.well-known/live").then().statusCode(204);
        given().get("/meta").then().statusCode(200).body("model.hidden_size", equalTo(384))
                .body("model._name_or_path", equalTo("sentence-transformers/all-MiniLM-L6-v2"))
                .body("knowledgehub.model_key", equalTo(EmbedderHolder.local().modelKey()))
                .body("knowledgehub.model_key", equalTo(AUTO_KEY));
        given().contentType("application/json").body("{\"text\": \"The London Eye is a ferris wheel.\", \"config\": {\"pooling_strategy\": \"masked_mean\"}}")
                .post("/vectors").then().statusCode(200).body("dim", equalTo(384)).body("vector", hasSize(384))
                .body("text", equalTo("The London Eye is a ferris wheel."));
        given().contentType("application/json").body("{\"text\": null}").post("/vectors").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void vectors_over_http_equal_the_in_process_model() {
        float[] remote = embedder.embed(SENTENCES.get(2));
        float[] local = EmbedderHolder.local().embed(SENTENCES.get(2));
        assertThat(remote).containsExactly(local, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(embedder.ready()).isTrue();
        // vectors the indexer gets from this server are reused under the server's precision
        assertThat(embedder.modelKey()).isEqualTo(AUTO_KEY);
    }

    @Test
    void an_embedder_configured_for_another_model_of_the_same_dimension_is_refused() {
        try (TransformersEmbedder bge = new TransformersEmbedder(URI.create(root.toString()),
                ModelCatalog.descriptor("bge-small-en-v1.5"), ModelCatalog.tokenCounter("bge-small-en-v1.5"),
                Duration.ofSeconds(30), 4)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bge.embed("a query"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs all-MiniLM-L6-v2").hasMessageContaining("configured for bge-small-en-v1.5");
        }
    }
}
