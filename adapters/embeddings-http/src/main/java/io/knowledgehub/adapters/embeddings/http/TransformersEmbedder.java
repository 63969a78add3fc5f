package io.knowledgehub.adapters.embeddings.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.knowledgehub.adapters.embeddings.catalog.ModelCatalog;
import io.knowledgehub.adapters.embeddings.catalog.ModelDescriptor;
import io.knowledgehub.adapters.embeddings.catalog.TokenCounter;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingServerException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The {@link Embedder} port on a t2v-transformers inference server ({@code TRANSFORMERS_INFERENCE_API}): the API of
 * Weaviate's {@code semitechnologies/transformers-inference} images, which the KnowledgeHub api serves too.
 *
 * <ul>
 *   <li>{@code POST /vectors} with {@code {"text": "..."}} answers {@code {"text", "vector", "dim"}}: one text per
 *       request, so each text is embedded alone and the same text always gives the same vector. {@link #embedAll}
 *       sends up to {@code concurrency} requests at once and keeps the input order;</li>
 *   <li>{@code GET /meta} describes the model (its Hugging Face config): on first use, a server whose
 *       {@code hidden_size} is not the configured model's dimension, or that names another model, is refused
 *       ({@link #servedModel});</li>
 *   <li>{@code GET /.well-known/ready} answers 204 once the model is loaded ({@link #ready()}).</li>
 * </ul>
 *
 * <p>The server does not tell the model's window or count tokens, so both come from the configured model's
 * descriptor and its own tokenizer, loaded locally ({@code TokenCounter}): the server must run that model. Vectors
 * are L2-normalised here (the images' Hugging Face path returns mean-pooled, unnormalised vectors). Transport
 * errors, 429 and 5xx answers are retried twice with a short back-off (a Failsafe {@code RetryPolicy}); then
 * {@link EmbeddingServerException}, as for a server that runs another model.
 */
public final class TransformersEmbedder implements Embedder, AutoCloseable {

    /** Transport errors, 429 and 5xx answers: three attempts in all, 250 ms and then 500 ms apart. */
    private static final RetryPolicy<Answer> RETRY = RetryPolicy.<Answer>builder()
            .handle(IOException.class)
            .handleResultIf(a -> a.status() == 429 || a.status() / 100 == 5)
            .withMaxAttempts(3)
            .withDelayFn(c -> Duration.ofMillis(250L * c.getAttemptCount()))
            .build();

    private final Optional<String> apiKey;
    private final URI base;
    private final ModelDescriptor model;
    private final TokenCounter tokens;
    private final Duration timeout;
    private final Semaphore inFlight;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean checked;
    /** The server's {@code knowledgehub.model_key} from {@code GET /meta}, when it names this model. */
    private volatile String serverModelKey;
    /** When {@link #modelKey()} last found the server unreachable; it asks again after {@link #KEY_RETRY_NANOS}. */
    private volatile long keyUnknownSince = System.nanoTime() - KEY_RETRY_NANOS;
    private static final long KEY_RETRY_NANOS = 30_000_000_000L;

    /**
     * @param baseUrl     the server root, e.g. {@code http://t2v-transformers:8080}
     * @param model       the model the server runs (name, dimension, window, query prefix)
     * @param tokens      that model's tokenizer; closed with this embedder
     * @param timeout     per request
     * @param concurrency requests in flight at most per process
     */
    public TransformersEmbedder(URI baseUrl, ModelDescriptor model, TokenCounter tokens, Duration timeout, int concurrency) {
        this(baseUrl, model, tokens, timeout, concurrency, Optional.empty());
    }

    /**
     * @param apiKey sent as {@code X-API-Key} on {@code /meta} and {@code /vectors}: a KnowledgeHub api with keys
     *               required serves them to a read key only
     */
    public TransformersEmbedder(URI baseUrl, ModelDescriptor model, TokenCounter tokens, Duration timeout, int concurrency,
                                Optional<String> apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey").filter(k -> !k.isBlank());
        this.base = root(baseUrl);
        this.model = Objects.requireNonNull(model, "model");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.inFlight = new Semaphore(concurrency);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** {@code http://host:8080}, {@code http://host:8080/} and a bare {@code host:8080} all mean the server root. */
    static URI root(URI url) {
        Objects.requireNonNull(url, "baseUrl");
        String text = url.toString().strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri = URI.create(text);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("TRANSFORMERS_INFERENCE_API must be an http(s) URL like http://t2v-transformers:8080, got " + url);
        }
        return uri;
    }

    /** The server root. */
    @Override
    public Optional<URI> inferenceServer() {
        return Optional.of(base);
    }

    @Override
    public String modelName() {
        return model.name();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    /**
     * The server's own key where it is a KnowledgeHub api that reports one for this model (its precision included:
     * {@code all-MiniLM-L6-v2/384/int8}), else the model name and dimension. Asks the server until it has answered
     * once; while it cannot be reached or is refused (another model), the name and dimension (a job whose chunks are all known needs no server), and
     * it asks again 30 s after a failed attempt at the earliest.
     */
    @Override
    public String modelKey() {
        if (!checked && System.nanoTime() - keyUnknownSince < KEY_RETRY_NANOS) {
            return Embedder.super.modelKey(); // asked a moment ago and got no answer: no new round of retries per batch
        }
        try {
            checkModel();
        } catch (IllegalStateException unreachableOrRefused) {
            // the configured model's own key: what is reused was embedded by it; embedding itself fails with the reason
            keyUnknownSince = System.nanoTime();
            return Embedder.super.modelKey();
        }
        String key = serverModelKey;
        return key != null ? key : Embedder.super.modelKey();
    }

    @Override
    public int maxTokens() {
        return model.maxTokens();
    }

    @Override
    public int countTokens(String text) {
        return tokens.count(text);
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(model.queryPrefix() + query);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        checkModel();
        List<CompletableFuture<float[]>> futures = new ArrayList<>(texts.size());
        try {
            for (String text : texts) {
                Objects.requireNonNull(text, "text");
                inFlight.acquire();
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return vector(text);
                    } finally {
                        inFlight.release();
                    }
                }, callers));
            }
            List<float[]> out = new ArrayList<>(texts.size());
            for (CompletableFuture<float[]> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while waiting for the inference server at " + base, e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IllegalStateException ise) {
                throw ise;
            }
            // the message reaches users (a job's error, a search's 503): the cause, for the log, keeps the details
            throw new EmbeddingServerException("The inference server at " + base + " (TRANSFORMERS_INFERENCE_API) failed "
                    + "while embedding; the server log has the details.", cause);
        }
    }

    /** {@code GET /.well-known/ready} answers 2xx (the server's model is loaded). */
    @Override
    public boolean ready() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/.well-known/ready")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The model a server's {@code GET /meta} names when it is another one than {@code configured}; empty when it names
     * the configured model or none this catalog knows. A KnowledgeHub api names its model exactly in
     * {@code knowledgehub.model} (the int8-weight variant {@code -q} too); otherwise the Hugging Face config's
     * {@code _name_or_path} may name it ({@code BAAI/bge-small-en-v1.5}), which tells models apart but not a model from
     * its int8-weight variant. Weaviate's images load their model from a local folder ({@code ./models/model}), which
     * names no model: only the dimension is checked there.
     */
    static Optional<String> servedModel(JsonNode meta, String configured) {
        String own = ModelCatalog.canonicalName(configured).orElse(configured);
        String exact = meta.path("knowledgehub").path("model").asText("");
        if (!exact.isBlank()) {
            String named = ModelCatalog.canonicalName(exact).orElse(exact);
            return named.equalsIgnoreCase(own) ? Optional.empty() : Optional.of(exact);
        }
        return ModelCatalog.canonicalName(meta.path("model").path("_name_or_path").asText(""))
                .filter(named -> !ModelCatalog.baseModel(named).equalsIgnoreCase(ModelCatalog.baseModel(own)));
    }

    /** The server's {@code GET /meta} answer. */
    public JsonNode meta() {
        return call(request("/meta").GET().build(), "GET /meta");
    }

    /**
     * Refuses, once asked, a server whose model has another dimension than the configured one, or that names another
     * model ({@link #servedModel}): its vectors would be stored and reused as the configured model's, and searched with
     * queries embedded by it.
     */
    private void checkModel() {
        if (checked) {
            return;
        }
        JsonNode meta = meta();
        JsonNode hidden = meta.path("model").path("hidden_size");
        String fix = "; set KH_EMBEDDINGS_MODEL to the server's model or point TRANSFORMERS_INFERENCE_API at a server running "
                + model.name();
        if (hidden.canConvertToInt() && hidden.asInt() != model.dimension()) {
            throw new EmbeddingServerException("The inference server at " + base + " runs a model with " + hidden.asInt()
                    + "-dimensional vectors, but KnowledgeHub is configured for " + model.name() + " (" + model.dimension()
                    + ")" + fix + ".");
        }
        Optional<String> served = servedModel(meta, model.name());
        if (served.isPresent()) {
            throw new EmbeddingServerException("The inference server at " + base + " runs " + served.get()
                    + ", but KnowledgeHub is configured for " + model.name() + " (vectors of two models are not comparable)"
                    + fix + ".");
        }
        String key = meta.path("knowledgehub").path("model_key").asText("");
        String own = Embedder.super.modelKey();
        serverModelKey = key.equals(own) || key.startsWith(own + "/") ? key : null;
        checked = true;
    }

    private float[] vector(String text) {
        ObjectNode body = json.createObjectNode().put("text", text);
        HttpRequest request;
        try {
            request = request("/vectors").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
        JsonNode answer = call(request, "POST /vectors");
        JsonNode vector = answer.path("vector");
        if (!vector.isArray() || vector.size() != model.dimension()) {
            throw new EmbeddingServerException("The inference server at " + base + " answered a vector of "
                    + (vector.isArray() ? vector.size() : 0) + " dimensions; " + model.name() + " has " + model.dimension());
        }
        float[] v = new float[vector.size()];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) vector.get(i).asDouble();
            norm += (double) v[i] * v[i];
        }
        if (norm == 0) {
            throw new EmbeddingServerException("The inference server at " + base + " answered a zero vector");
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        apiKey.ifPresent(k -> b.header("X-API-Key", k));
        return b;
    }

    private JsonNode call(HttpRequest request, String what) {
        String failure;
        Throwable detail = null;
        try {
            Answer answer = Failsafe.with(RETRY).get(() -> {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new Answer(r.statusCode(), r.body(), r.statusCode() / 100 == 2 ? json.readTree(r.body()) : null);
            });
            if (answer.json() != null) {
                return answer.json();
            }
            // the status for the user; what the server said stays in the cause, for the log
            failure = "answered HTTP " + answer.status() + (answer.status() == 401 || answer.status() == 403
                    ? " (a KnowledgeHub api with keys required takes a read key in TRANSFORMERS_INFERENCE_API_KEY)" : "");
            detail = new IOException("HTTP " + answer.status() + ": " + abbreviate(new String(answer.body(), StandardCharsets.UTF_8)));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the inference server at " + base, interrupted);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failure = switch (cause) {
                case ConnectException c -> "cannot be reached (connection refused)";
                case HttpTimeoutException t -> "did not answer within " + timeout.toMillis() + " ms";
                default -> "could not be read from";
            };
            detail = cause;
        }
        throw new EmbeddingServerException("The embedding server at " + base + " (TRANSFORMERS_INFERENCE_API) " + failure
                + " on " + what + "; check that it is running " + model.name() + ".", detail);
    }

    /** A server's answer: its status, its body, and the body read as JSON when the status is 2xx. */
    private record Answer(int status, byte[] body, JsonNode json) {
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        callers.shutdownNow();
        http.close();
    }
}
