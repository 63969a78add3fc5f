package io.knowledgehub.adapters.embeddings.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.core.embed.EmbeddingServerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The wire format against a stub on loopback (the contract suite runs against the real server the api serves, in
 * the api module's tests): one text per POST /vectors, order kept, vectors normalised, transient errors retried.
 */
class TransformersEmbedderTest {

    private static final ModelDescriptor MINILM = ModelCatalog.descriptor("all-MiniLM-L6-v2");
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int hiddenSize = 384;
    /** {@code knowledgehub.model_key} in the server's {@code /meta}; null: a server that reports none. */
    private volatile String serverModelKey;
    /** {@code knowledgehub.model} in the server's {@code /meta} (with the key only). */
    private volatile String serverModel = "all-MiniLM-L6-v2";
    /** The Hugging Face config's {@code _name_or_path}; null: none. */
    private volatile String nameOrPath;
    private HttpServer server;
    private TransformersEmbedder embedder;

    @AfterEach
    void stop() {
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private TransformersEmbedder start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/vectors", this::vectors);
        server.createContext("/meta", ex -> send(ex, 200, "{\"model\":{\"hidden_size\":" + hiddenSize + ",\"model_type\":\"bert\""
                + (nameOrPath == null ? "" : ",\"_name_or_path\":\"" + nameOrPath + "\"") + "}"
                + (serverModelKey == null ? "" : ",\"knowledgehub\":{\"model\":\"" + serverModel + "\",\"model_key\":\"" + serverModelKey + "\"}")
                + "}"));
        server.createContext("/.well-known/ready", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        embedder = new TransformersEmbedder(url, MINILM, ModelCatalog.tokenCounter(MINILM.name()), Duration.ofSeconds(5), 4);
        return embedder;
    }

    /** A fake model: the vector is (length of the text, 0, 0, ..., 3), not normalised. */
    private void vectors(HttpExchange ex) throws IOException {
        JsonNode body = json.readTree(ex.getRequestBody());
        if (failuresLeft.getAndDecrement() > 0) {
            send(ex, 503, "{\"error\":\"busy\"}");
            return;
        }
        String text = body.get("text").asText();
        received.add(text);
        float[] v = new float[384];
        v[0] = text.length();
        v[383] = 3;
        send(ex, 200, json.writeValueAsString(java.util.Map.of("text", text, "vector", v, "dim", v.length)));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void sends_one_text_per_request_and_keeps_the_input_order_with_unit_vectors() throws IOException {
        start();
        List<String> texts = List.of("a", "bbbb", "cc", "dddddddd", "e");

        List<float[]> vectors = embedder.embedAll(texts);

        assertThat(received).containsExactlyInAnyOrderElementsOf(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] v = vectors.get(i);
            double len = texts.get(i).length();
            assertThat(v[0]).isCloseTo((float) (len / Math.sqrt(len * len + 9)), within(1e-6f));
            assertThat(v[0] * v[0] + v[383] * v[383]).isCloseTo(1f, within(1e-5f));
        }
        assertThat(embedder.ready()).isTrue();
        assertThat(embedder.countTokens("CREATE INDEX")).isGreaterThan(1);
        assertThat(embedder.maxTokens()).isEqualTo(256);
    }

    @Test
    void retries_a_busy_server() throws IOException {
        start();
        failuresLeft.set(2);

        assertThat(embedder.embed("retry me")).hasSize(384);
    }

    @Test
    void a_server_that_keeps_failing_is_named_to_the_user_without_what_it_answered() throws IOException {
        start();
        failuresLeft.set(3); // every attempt

        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("answered HTTP 503").hasMessageContaining("TRANSFORMERS_INFERENCE_API")
                .hasMessageNotContaining("busy")
                // what the server said is kept for the log
                .cause().hasMessageContaining("busy");
    }

    @Test
    void refuses_a_server_running_a_model_of_another_dimension() throws IOException {
        hiddenSize = 768;
        start();

        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("768").hasMessageContaining("all-MiniLM-L6-v2");
    }

    @Test
    void an_unreachable_server_is_an_illegal_state_naming_the_variable() throws IOException {
        start();
        server.stop(0);
        server = null;

        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("TRANSFORMERS_INFERENCE_API");
        assertThat(embedder.ready()).isFalse();
    }

    @Test
    void vectors_are_reused_under_the_key_of_the_servers_precision() throws IOException {
        serverModelKey = "all-MiniLM-L6-v2/384/int8";
        start();
        assertThat(embedder.modelKey()).isEqualTo("all-MiniLM-L6-v2/384/int8");
    }

    @Test
    void a_server_reporting_no_key_gets_the_models_name_and_dimension() throws IOException {
        start();
        assertThat(embedder.modelKey()).isEqualTo("all-MiniLM-L6-v2/384");
    }

    @Test
    void refuses_a_knowledgehub_server_running_another_model_of_the_same_dimension() throws IOException {
        serverModel = "bge-small-en-v1.5";
        serverModelKey = "bge-small-en-v1.5/384/int8";
        start();

        // a KnowledgeHub exception: its message becomes the failed job's error_message as it is
        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("runs bge-small-en-v1.5").hasMessageContaining("configured for all-MiniLM-L6-v2")
                .hasMessageContaining("KH_EMBEDDINGS_MODEL");
        assertThat(received).as("nothing embedded by the other model").isEmpty();
        // what is reused stays under the configured model's own key, never the other model's
        assertThat(embedder.modelKey()).isEqualTo("all-MiniLM-L6-v2/384");
    }

    @Test
    void refuses_a_server_whose_config_names_another_model_and_takes_one_naming_none_or_this_one() throws IOException {
        nameOrPath = "BAAI/bge-small-en-v1.5";
        start();
        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs bge-small-en-v1.5");
        stop();

        // Weaviate's images load the model from a local folder: no name to compare, only the dimension
        for (String named : List.of("./models/model", "sentence-transformers/all-MiniLM-L6-v2")) {
            nameOrPath = named;
            start();
            assertThat(embedder.embed("x")).as(named).hasSize(384);
            stop();
        }
    }

    @Test
    void the_served_model_is_compared_by_name_and_variant() {
        ObjectMapper m = new ObjectMapper();
        assertThat(TransformersEmbedder.servedModel(m.createObjectNode(), "all-MiniLM-L6-v2")).isEmpty();
        // a KnowledgeHub api names its model exactly: the int8-weight variant is another model
        assertThat(TransformersEmbedder.servedModel(m.valueToTree(java.util.Map.of("knowledgehub",
                java.util.Map.of("model", "all-MiniLM-L6-v2-q"))), "all-MiniLM-L6-v2")).contains("all-MiniLM-L6-v2-q");
        assertThat(TransformersEmbedder.servedModel(m.valueToTree(java.util.Map.of("knowledgehub",
                java.util.Map.of("model", "ALL-MINILM-L6-V2"))), "all-MiniLM-L6-v2")).isEmpty();
        // a Hugging Face name tells models apart, not a model from its int8-weight variant
        assertThat(TransformersEmbedder.servedModel(m.valueToTree(java.util.Map.of("model",
                java.util.Map.of("_name_or_path", "sentence-transformers/all-MiniLM-L6-v2"))), "all-MiniLM-L6-v2-q")).isEmpty();
        assertThat(TransformersEmbedder.servedModel(m.valueToTree(java.util.Map.of("model",
                java.util.Map.of("_name_or_path", "BAAI/bge-small-en-v1.5"))), "bge-small-en-v1.5-q")).isEmpty();
        assertThat(TransformersEmbedder.servedModel(m.valueToTree(java.util.Map.of("model",
                java.util.Map.of("_name_or_path", "/models/some-other-model"))), "all-MiniLM-L6-v2")).isEmpty();
    }

    @Test
    void an_unreachable_server_leaves_the_key_at_the_models_name_and_dimension() throws IOException {
        serverModelKey = "all-MiniLM-L6-v2/384/int8";
        start();
        server.stop(0);
        server = null;
        assertThat(embedder.modelKey()).isEqualTo("all-MiniLM-L6-v2/384");
    }

    @Test
    void base_urls_are_taken_with_or_without_scheme_and_slash() {
        assertThat(TransformersEmbedder.root(URI.create("t2v:8080"))).hasToString("http://t2v:8080");
        assertThat(TransformersEmbedder.root(URI.create("http://t2v:8080/"))).hasToString("http://t2v:8080");
        assertThatThrownBy(() -> TransformersEmbedder.root(URI.create("ftp://x"))).hasMessageContaining("http");
    }
}
