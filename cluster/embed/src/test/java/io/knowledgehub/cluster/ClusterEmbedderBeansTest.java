package io.knowledgehub.cluster;

import io.knowledgehub.adapters.embeddings.http.TransformersEmbedder;
import io.knowledgehub.core.embed.Embedder;
import io.knowledgehub.core.embed.EmbeddingConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Instance;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a packaging with or without the in-process model chooses its embedder, and when a lean one refuses to start. */
class ClusterEmbedderBeansTest {

    private final ClusterEmbedderBeans beans = new ClusterEmbedderBeans();

    @Test
    void a_lean_package_without_the_inference_server_refuses_to_start_saying_what_to_set() {
        assertThatThrownBy(() -> beans.checkOnStart(null, config(null), inProcess(null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Set TRANSFORMERS_INFERENCE_API")
                .hasMessageContaining("full image");
        assertThatThrownBy(() -> beans.embedder(config(null), embeddings("all-MiniLM-L6-v2"), inProcess(null)))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void a_lean_package_with_the_inference_server_embeds_over_http_with_the_catalog_tokenizer() {
        assertThatCode(() -> beans.checkOnStart(null, config("http://127.0.0.1:9"), inProcess(null))).doesNotThrowAnyException();
        Embedder embedder = beans.embedder(config("http://127.0.0.1:9"), embeddings("sentence-transformers/all-MiniLM-L6-v2"),
                inProcess(null));
        assertThat(embedder).isInstanceOf(TransformersEmbedder.class);
        assertThat(embedder.modelName()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(embedder.maxTokens()).isEqualTo(256);
        assertThat(embedder.countTokens("The quick brown fox jumps over the lazy dog.")).isEqualTo(10);
        ((TransformersEmbedder) embedder).close();
    }

    @Test
    void a_full_package_without_the_inference_server_embeds_in_process() {
        Embedder local = (Embedder) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Embedder.class},
                (proxy, method, args) -> method.getName().equals("modelName") ? "in-process" : null);
        assertThatCode(() -> beans.checkOnStart(null, config(null), inProcess(() -> local))).doesNotThrowAnyException();
        assertThat(beans.embedder(config(null), embeddings("all-MiniLM-L6-v2"), inProcess(() -> local))).isSameAs(local);
    }

    private static ClusterConfig config(String inferenceApi) {
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(), new Class<?>[]{ClusterConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inferenceApi" -> Optional.ofNullable(inferenceApi);
                    case "inferenceApiKey" -> Optional.empty();
                    case "inferenceTimeout" -> Duration.ofSeconds(5);
                    case "inferenceConcurrency" -> 2;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static EmbeddingConfig embeddings(String model) {
        return (EmbeddingConfig) Proxy.newProxyInstance(EmbeddingConfig.class.getClassLoader(), new Class<?>[]{EmbeddingConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("model")) {
                        return model;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An {@code Instance} that is unsatisfied when {@code model} is null, as in a lean packaging. */
    @SuppressWarnings("unchecked")
    private static Instance<InProcessModel> inProcess(InProcessModel model) {
        return (Instance<InProcessModel>) Proxy.newProxyInstance(Instance.class.getClassLoader(), new Class<?>[]{Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isUnsatisfied" -> model == null;
                    case "isResolvable" -> model != null;
                    case "get" -> {
                        if (model == null) {
                            throw new jakarta.enterprise.inject.UnsatisfiedResolutionException("no InProcessModel");
                        }
                        yield model;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
